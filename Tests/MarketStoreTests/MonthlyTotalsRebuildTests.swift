import Foundation
import GRDB
import Market
import MarketTestKit
import Testing
import VillageStore

@testable import MarketStore

/// `village ledger rebuild-totals`: the derived monthly totals are re-derived from the ledger rows,
/// and never from rows that do not verify.
@Suite struct MonthlyTotalsRebuildTests {
    static let edits = [
        "UPDATE ledger_monthly_balances SET grid_only_cost = grid_only_cost + 5000 WHERE participant_id = '101' AND month = (SELECT MIN(month) FROM ledger_monthly_balances) AND ?1 = 0",
        "UPDATE ledger_monthly_balances SET money_out = money_out - 1000 WHERE participant_id = '101' AND month = (SELECT MIN(month) FROM ledger_monthly_balances) AND ?1 = 0",
        "DELETE FROM ledger_monthly_balances WHERE participant_id = '101' AND month = (SELECT MIN(month) FROM ledger_monthly_balances) AND ?1 = 0",
        "UPDATE ledger_monthly_balances SET participant_id = '999' WHERE participant_id = '101' AND month = (SELECT MIN(month) FROM ledger_monthly_balances) AND ?1 = 0",
    ]

    /// Every stored monthly row as text, to see whether anything changed.
    static func monthlyRows(_ path: String) async throws -> [String] {
        let database = try DatabaseQueue(path: path)
        defer { try? database.close() }
        return try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ledger_monthly_balances ORDER BY 1, 2, 3").map(\.description)
        }
    }

    @Test(arguments: edits)
    func wrongTotalsAreReplacedByTheRowsSums(_ sql: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, _) = try await LedgerTamperSQLTests.ledger(in: directory)
        let before = try SQLiteLedgerStore(readOnlyPath: path).householdBalances(household: "101")
        let database = try DatabaseQueue(path: path)
        #expect(try await LedgerTamperSQLTests.tamper(database, sql: sql, target: 0) == 1)
        try database.close()
        #expect(try SQLiteLedgerStore(readOnlyPath: path).householdBalances(household: "101") != before)

        let store = try VillageStore(path: path)
        let rebuild = try SQLiteLedgerStore(store: store).rebuildMonthlyBalances()
        #expect(rebuild.differing.contains { $0.participant == .household("101") }, "\(rebuild.differing)")
        #expect(rebuild.monthsWritten > 0)
        let (report, mismatches) = try SQLiteLedgerStore(readOnlyPath: path).verifyWithMonthlyBalances()
        #expect(report.isIntact)
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(try SQLiteLedgerStore(readOnlyPath: path).householdBalances(household: "101") == before)

        // Once equal, a second run writes nothing.
        let again = try SQLiteLedgerStore(store: store).rebuildMonthlyBalances()
        #expect(again.differing.isEmpty && again.monthsWritten == 0)
    }

    /// Totals derived from tampered rows would hide the tampering from `village balance`: refused,
    /// with the totals left as they were, and the CLI exits non-zero naming the reason.
    @Test func aLedgerThatDoesNotVerifyIsNotSummedAgain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, transactions) = try await LedgerTamperSQLTests.ledger(in: directory)
        let target = transactions[transactions.count / 2].sequence
        let database = try DatabaseQueue(path: path)
        let posting = "UPDATE ledger_postings SET amount = amount + 1 WHERE sequence = ?1 AND position = 0"
        #expect(try await LedgerTamperSQLTests.tamper(database, sql: posting, target: target) == 1)
        #expect(try await LedgerTamperSQLTests.tamper(database, sql: Self.edits[1], target: 0) == 1)
        try database.close()
        let rows = try await Self.monthlyRows(path)

        let store = try VillageStore(path: path)
        #expect(throws: StoreError.self) { try SQLiteLedgerStore(store: store).rebuildMonthlyBalances() }
        #expect(try await Self.monthlyRows(path) == rows)

        let result = try CommandTests.village(["ledger", "rebuild-totals", "--db", path])
        #expect(result.status != 0)
        #expect(result.error.contains("does not verify"), "\(result.error)")
        #expect(try await Self.monthlyRows(path) == rows)
    }

    @Test func theCommandSaysWhatItRewrote() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, _) = try await LedgerTamperSQLTests.ledger(in: directory)
        let database = try DatabaseQueue(path: path)
        _ = try await LedgerTamperSQLTests.tamper(database, sql: Self.edits[0], target: 0)
        try database.close()

        let verify = try CommandTests.village(["ledger", "verify", "--db", path])
        #expect(verify.output.contains("rebuild-totals"), "\(verify.output)")
        let rebuilt = try CommandTests.village(["ledger", "rebuild-totals", "--db", path, "--json"])
        #expect(rebuilt.status == 0, "\(rebuilt.error)")
        let decoded = try JSONDecoder().decode(MonthlyBalanceRebuild.self, from: Data(rebuilt.output.utf8))
        #expect(decoded.differing.count == 1 && decoded.monthsWritten > 0)
        let quiet = try CommandTests.village(["ledger", "rebuild-totals", "--db", path])
        #expect(quiet.status == 0 && quiet.output.contains("nothing written"), "\(quiet.output)")
        #expect(try CommandTests.village(["ledger", "verify", "--db", path]).status == 0)
    }
}
