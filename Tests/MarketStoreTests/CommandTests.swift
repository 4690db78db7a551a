import Foundation
import GRDB
import Market
import MarketTestKit
import Tariffs
import TestKit
import Testing
import VillageStore

@testable import MarketStore

/// The `village` commands over a ledger file: exit status, what they name, and that refused
/// input leaves the file as it was.
@Suite struct CommandTests {
    /// The `village` executable, built next to the test bundle.
    static func villageURL() throws -> URL {
        URL(fileURLWithPath: try BuiltExecutable.path("village"))
    }

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    static func village(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = try villageURL()
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }

    static func ledgerFile(in directory: TemporaryDirectory) async throws -> (String, [LedgerTransaction]) {
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 6)
        let ledger = SQLiteLedgerStore(store: village)
        try settleRandomLedger(into: [ledger], seed: 0xC0DE, intervals: 10, households: 6)
        return (village.path, try ledger.allTransactions())
    }

    @Test func verifyExitsNonZeroAndNamesTheAlteredTransaction() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, transactions) = try await Self.ledgerFile(in: directory)
        let intact = try Self.village(["ledger", "verify", "--db", path])
        #expect(intact.status == 0)
        #expect(intact.output.contains("\(transactions.count) transactions"))

        let target = transactions[transactions.count / 2]
        let database = try DatabaseQueue(path: path)
        try await database.write { db in
            try db.execute(sql: "DROP TRIGGER ledger_readings_no_update")
            try db.execute(
                sql: "UPDATE ledger_readings SET consumed_wh = consumed_wh + 1 WHERE sequence = ? AND position = 0",
                arguments: [target.sequence])
            #expect(db.changesCount == 1)
        }
        try database.close()
        let broken = try Self.village(["ledger", "verify", "--db", path])
        #expect(broken.status != 0)
        #expect(broken.output.contains("#\(target.sequence) (\(target.idempotencyKey))"))
        let json = try Self.village(["ledger", "verify", "--db", path, "--json"])
        #expect(json.status != 0)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let violation = try #require(decoded?["firstViolation"] as? [String: Any])
        #expect(violation["idempotencyKey"] as? String == target.idempotencyKey)
        #expect(violation["sequence"] as? Int == Int(target.sequence))
    }

    @Test func badArgumentsAreRefusedAndNothingIsWritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, _) = try await Self.ledgerFile(in: directory)
        let before = try #require(fileBytes(path))
        let text = directory.path("notes.txt")
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: text))
        let cases: [([String], String)] = [
            (["balance", "--db", path, "--household", "999"], "household 999"),
            (["balance", "--db", path, "--household", "101", "--month", "2026-1"], "--month"),
            (["balance", "--db", path, "--household", "101", "--month", "2026-13"], "--month"),
            (["balance", "--db", text, "--household", "101"], "not a SQLite database"),
            (["balance", "--db", directory.path("missing.sqlite"), "--household", "101"], "no such file"),
            (["trades", "--db", path, "--household", "999", "--day", "2026-01-01"], "household 999"),
            (["trades", "--db", path, "--interval", "2026-01-01T00:05"], "--interval"),
            (["trades", "--db", path, "--day", "2026-02-30"], "--day"),
            (["ledger", "verify", "--db", text], "not a SQLite database"),
            (
                [
                    "market", "settle", "--db", path, "--tariff", "kepco-residential-low-voltage", "--from",
                    "2026-01-01",
                    "--mechanism", "best",
                ], "The value 'best' is invalid for '--mechanism <mechanism>'"
            ),
        ]
        for (arguments, expected) in cases {
            let result = try Self.village(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.error.contains(expected), "\(arguments): \(result.error)")
        }
        #expect(fileBytes(path) == before)
        #expect(fileBytes(text) == Data("hello\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: directory.path("missing.sqlite")))
    }

    @Test func balanceShowsTheLedgerFiguresOfTheHousehold() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, transactions) = try await Self.ledgerFile(in: directory)
        let result = try Self.village(["balance", "--db", path, "--household", "101", "--json"])
        #expect(result.status == 0)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let total = try #require(decoded["total"] as? [String: Any])
        let expected = ParticipantSummary(
            participant: .household("101"), transactions: transactions,
            fromIntervalStart: .min, toIntervalStart: .max)
        #expect((total["producedWh"] as? NSNumber)?.int64Value == expected.producedWh)
        #expect((total["moneyOutMilliWon"] as? NSNumber)?.int64Value == expected.moneyOutMilliWon)
        #expect((total["savingsMilliWon"] as? NSNumber)?.int64Value == expected.savingsMilliWon)
        let text = try Self.village(["balance", "--db", path, "--household", "101"])
        #expect(text.status == 0)
        #expect(text.output.contains("Saved against a grid-only bill"))
    }

    @Test func marketSettleSettlesOnceAndReportsWhatIsMissing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeVillageStore(at: directory.path("village.sqlite"), households: 3)
        let day = januaryFirst + 9 * 86_400
        var intervals: [IntervalEnergy] = []
        for slot in 0..<8 {
            let start = day + Int64(slot) * 900
            for (index, id) in ["101", "102"].enumerated() {
                let net = index == 0 ? Int64(300 + slot) : -Int64(200 + slot)
                intervals += [
                    IntervalEnergy(
                        owner: .household(id), channel: .energyImport, start: start, value: max(-net, 0),
                        quality: .measured),
                    IntervalEnergy(
                        owner: .household(id), channel: .energyExport, start: start, value: max(net, 0),
                        quality: .measured),
                    // 101 exports what its PV makes beyond a 100 Wh load.
                    IntervalEnergy(
                        owner: .household(id), channel: .pvGeneration, start: start,
                        value: max(net, 0) + (net > 0 ? 100 : 0),
                        quality: .measured),
                ]
            }
        }
        _ = try await store.upsert(intervals: intervals)
        let tariffs = MeteredSettlementTests.tariffs.directory
        let arguments = [
            "market", "settle", "--db", store.path, "--tariff", "kepco-residential-low-voltage",
            "--export-tariff", "smp-export", "--tariffs-dir", tariffs, "--from", "2026-01-10",
            "--to", "2026-01-10T02:00", "--json",
        ]
        let first = try Self.village(arguments)
        #expect(first.status == 0, "\(first.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any])
        #expect(report["settled"] as? Int == 8)
        #expect(report["missing"] as? [String: Int] == ["103": 8])
        let again = try #require(
            try JSONSerialization.jsonObject(with: Data(Self.village(arguments).output.utf8)) as? [String: Any])
        #expect(again["settled"] as? Int == 0)
        #expect(again["unchanged"] as? Int == 8)
        let ledger = try SQLiteLedgerStore(readOnlyPath: store.path)
        #expect(try ledger.transactionCount() == 8)
        #expect(try ledger.verify().isIntact)
        let trades = try Self.village(["trades", "--db", store.path, "--household", "102", "--day", "2026-01-10"])
        #expect(trades.status == 0)
        #expect(trades.output.contains("bought from"))
        #expect(trades.output.contains("a neighbour"))
        #expect(!trades.output.contains(" 101 "))
    }
}
