import ArgumentParser
import Foundation
import Testing
import VillageStore

@testable import VillageCommands

/// `village prices import-smp` and `list` run in this process against a real database file.
@Suite(.serialized) struct PricesCommandTests {
    static func run(_ arguments: [String]) async throws -> String {
        try await StandardOutput.capture {
            var command = try Village.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        }
    }

    static func file(_ directory: URL, _ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let header = (["기간"] + (1...24).map { "\($0)h" } + ["최대", "최소", "평균"]).joined(separator: ",")
    static func row(_ date: String, _ base: Double) -> String {
        ([date] + (0..<24).map { String(format: "%.2f", base + Double($0)) } + ["1", "1", "1"]).joined(
            separator: ",")
    }

    @Test func importListReimportAndRevise() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = directory.appendingPathComponent("village.sqlite").path
        let first = try Self.file(
            directory, "smp-dec.csv",
            [Self.header, Self.row("2026.12.01", 100), Self.row("2026.12.02", 105)].joined(
                separator: "\n"))
        let imported = try await Self.run(["prices", "import-smp", first, "--db", db])
        #expect(imported.contains("48 new, 0 revised"), "\(imported)")
        let again = try await Self.run(["prices", "import-smp", first, "--db", db])
        #expect(again.contains("nothing changed"), "\(again)")

        // 2026-12-02 00:00-01:00 was 105.00; the exchange publishes 106.25.
        let revised = try Self.file(
            directory, "smp-dec-rev.csv", [Self.header, Self.row("2026.12.02", 106.25)].joined(separator: "\n"))
        let revision = try await Self.run(["prices", "import-smp", revised, "--db", db, "--json"])
        #expect(revision.contains("\"revised\" : 24"), "\(revision)")
        let list = try await Self.run([
            "prices", "list", "--db", db, "--from", "2026-12-02T00:00", "--to", "2026-12-02T01:00", "--revisions",
            "--json",
        ])
        struct Line: Decodable {
            var priceMilliWonPerKWh: Int64
            var revision: Int
            var sourceFile: String
        }
        let lines = try JSONDecoder().decode([Line].self, from: Data(list.utf8))
        #expect(lines.map(\.priceMilliWonPerKWh) == [105_000, 106_250])
        #expect(lines.map(\.revision) == [0, 1])
        #expect(lines.map(\.sourceFile) == ["smp-dec.csv", "smp-dec-rev.csv"])
        let text = try await Self.run(["prices", "list", "--db", db, "--from", "2026-12-02", "--to", "2026-12-03"])
        #expect(text.contains("106.3"), "\(text)")
        #expect(!text.contains("smp-dec.csv "), "only the newest value without --revisions: \(text)")

        // A bad cell (hour 15 of the first day) refuses the file, naming it, the line and the column;
        // nothing is imported, not even the good day after it.
        let bad = try Self.file(
            directory, "smp-bad.csv",
            [Self.header, Self.row("2026.12.03", 90), Self.row("2026.12.04", 91)]
                .joined(separator: "\n").replacingOccurrences(of: "104.00", with: "1O4.00"))
        let error = await #expect(throws: (any Error).self) {
            _ = try await Self.run(["prices", "import-smp", bad, "--db", db])
        }
        let message = error.map { Village.message(for: $0) } ?? ""
        #expect(message.contains("smp-bad.csv:2 column 15h"), "\(message)")
        let after = try await Self.run(["prices", "list", "--db", db, "--from", "2026-12-03", "--json"])
        #expect(try JSONDecoder().decode([Line].self, from: Data(after.utf8)).isEmpty, "\(after)")
    }
}
