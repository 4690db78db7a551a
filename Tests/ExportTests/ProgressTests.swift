import Foundation
import TestKit
import Testing

/// The progress line appears on stderr when it is a terminal, and nowhere else: stdout stays the
/// summary (or JSON), and a pipe gets nothing (checked in `CommandTests`).
@Suite struct ProgressTests {
    @Test func progressLineIsDrawnOnATerminal() async throws {
        let village = try await SeededVillage(seed: 61)
        defer { village.remove() }
        let summaryPath = village.directory.appendingPathComponent("summary.json").path
        let command = [
            try CommandTests.village(), "export", "--db", village.databasePath, "--from", "2026-11-30", "--to",
            "2026-12-03",
            "--what", "intervals", "--out", village.outputPath(), "--json",
        ].map { "'\($0)'" }.joined(separator: " ")
        // util-linux `script` runs the command on a pseudo-terminal and copies what it shows;
        // stdout goes to a file, so the terminal sees stderr only.
        let result = try PeerProcess.run("script", ["-qec", "\(command) > '\(summaryPath)'", "/dev/null"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("intervals: "), "\(result.output)")
        #expect(result.output.contains("rows/s"))
        #expect(result.output.contains("100%"))
        let summary = try String(contentsOfFile: summaryPath, encoding: .utf8)
        #expect(!summary.contains("rows/s"), "stdout holds only the summary")
        #expect(summary.contains("\"rows\""))
    }
}
