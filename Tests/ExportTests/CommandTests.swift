import Export
import Foundation
import TestKit
import Testing

/// `village export` as a researcher runs it: the built binary, its exit status, stdout and stderr.
@Suite struct CommandTests {
    static func village() throws -> String {
        try BuiltExecutable.path("village")
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try PeerProcess.run(try village(), arguments)
    }

    @Test func exportsWithJSONSummaryAndNoProgressWhenNotATerminal() async throws {
        let village = try await SeededVillage(seed: 51)
        defer { village.remove() }
        let out = village.outputPath()
        let result = try Self.run([
            "export", "--db", village.databasePath, "--from", "2026-11-30", "--to", "2026-12-02", "--what", "all",
            "--resolution", "1h", "--format", "jsonl", "--out", out, "--json",
        ])
        #expect(result.status == 0, "\(result.output)")
        // Output is the JSON summary only: no progress line (stderr is a pipe here).
        let summary = try JSONDecoder().decode(ExportSummary.self, from: Data(result.output.utf8))
        // The store has a ledger, empty here: an empty JSON Lines file would name no fields, so
        // trades are reported as having no rows rather than written.
        #expect(summary.files.map(\.table) == [.intervals, .events])
        #expect(Set(summary.skipped.map(\.table)) == [.readings, .trades, .dispatch])
        #expect(summary.skipped.first { $0.table == .trades }?.reason == "no rows in the requested range")
        #expect(summary.from == "2026-11-30T00:00:00+09:00")
        #expect(summary.to == "2026-12-02T00:00:00+09:00")
        let rows = try ExportRows.read(table: .intervals, format: .jsonl, directory: out)
        #expect(rows.count == summary.files[0].rows)
    }

    @Test(arguments: [
        (["--what", "bogus"], "The value 'bogus' is invalid for '--what <what>'"),
        (["--what", "intervals", "--format", "xml"], "--format"),
        (["--what", "intervals", "--pseudonymize"], "--key"),
        (["--what", "dispatch", "--resolution", "1d"], "--resolution raw or 15m"),
    ])
    func badArgumentsFailClearlyAndWriteNothing(extra: [String], message: String) async throws {
        let village = try await SeededVillage(seed: 52)
        defer { village.remove() }
        let out = village.outputPath()
        let result = try Self.run(
            ["export", "--db", village.databasePath, "--from", "2026-11-30", "--to", "2026-12-01", "--out", out] + extra
        )
        #expect(result.status != 0)
        #expect(result.output.contains(message), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
