import Foundation
import GRDB
import Market
import MarketTestKit
import Tariffs
import Testing
import VillageStore

@testable import MarketStore

/// Editing any ledger row directly in the SQLite file is caught by `ledger verify`, which names
/// the transaction the row belongs to.
@Suite struct LedgerTamperSQLTests {
    /// One direct edit: the table, and SQL changing one row of transaction `?1`.
    struct Tamper: Sendable, CustomStringConvertible {
        var table: String
        var sql: String
        /// Narrows the choice of the target transaction to rows the edit applies to.
        var filter = ""
        var description: String { sql }
    }

    static func first(_ table: String) -> String {
        "sequence = ?1 AND position = (SELECT MIN(position) FROM \(table) WHERE sequence = ?1)"
    }

    static let tampers: [Tamper] = [
        Tamper(
            table: "ledger_transactions",
            sql: "UPDATE ledger_transactions SET idempotency_key = idempotency_key || 'x' WHERE sequence = ?1"),
        Tamper(
            table: "ledger_transactions",
            sql: "UPDATE ledger_transactions SET interval_start = interval_start + 900 WHERE sequence = ?1"),
        Tamper(
            table: "ledger_transactions",
            sql:
                "UPDATE ledger_transactions SET kind = CASE kind WHEN 'settlement' THEN 'correction' ELSE 'settlement' END WHERE sequence = ?1"
        ),
        Tamper(
            table: "ledger_transactions",
            sql: "UPDATE ledger_transactions SET mechanism = 'pay-as-bid', k_per_mille = NULL WHERE sequence = ?1"),
        Tamper(
            table: "ledger_transactions",
            sql: "UPDATE ledger_transactions SET k_per_mille = k_per_mille + 1 WHERE sequence = ?1",
            filter: "AND k_per_mille IS NOT NULL"),
        Tamper(
            table: "ledger_transactions",
            sql: "UPDATE ledger_transactions SET export_price = export_price + 1 WHERE sequence = ?1"),
        Tamper(
            table: "ledger_transactions",
            sql: "UPDATE ledger_transactions SET import_price = import_price - 1 WHERE sequence = ?1"),
        Tamper(
            table: "ledger_transactions",
            sql: "UPDATE ledger_transactions SET previous_hash = '1' || substr(previous_hash, 2) WHERE sequence = ?1"),
        Tamper(
            table: "ledger_transactions",
            sql: "UPDATE ledger_transactions SET hash = 'f' || substr(hash, 2) WHERE sequence = ?1"),
        Tamper(
            table: "ledger_household_prices",
            sql:
                "UPDATE ledger_household_prices SET import_price = import_price + 1 WHERE sequence = ?1 AND household_id = (SELECT MIN(household_id) FROM ledger_household_prices WHERE sequence = ?1)"
        ),
        Tamper(
            table: "ledger_household_prices",
            sql:
                "DELETE FROM ledger_household_prices WHERE sequence = ?1 AND household_id = (SELECT MIN(household_id) FROM ledger_household_prices WHERE sequence = ?1)"
        ),
        Tamper(
            table: "ledger_readings",
            sql: "UPDATE ledger_readings SET produced_wh = produced_wh + 1 WHERE \(first("ledger_readings"))"),
        Tamper(
            table: "ledger_readings",
            sql: "UPDATE ledger_readings SET consumed_wh = consumed_wh + 1 WHERE \(first("ledger_readings"))"),
        Tamper(
            table: "ledger_readings",
            sql:
                "UPDATE ledger_readings SET participant = (SELECT MIN(code) FROM ledger_parties WHERE kind = 'household' AND code <> participant) WHERE \(first("ledger_readings"))"
        ),
        Tamper(
            table: "ledger_readings",
            sql:
                "UPDATE ledger_readings SET participant = (SELECT code FROM ledger_parties WHERE kind = 'grid') WHERE \(first("ledger_readings"))"
        ),
        Tamper(table: "ledger_readings", sql: "DELETE FROM ledger_readings WHERE \(first("ledger_readings"))"),
        Tamper(
            table: "ledger_matches",
            sql: "UPDATE ledger_matches SET energy_wh = energy_wh + 1 WHERE \(first("ledger_matches"))"),
        Tamper(
            table: "ledger_matches",
            sql: "UPDATE ledger_matches SET buyer_price = buyer_price + 1 WHERE \(first("ledger_matches"))"),
        Tamper(
            table: "ledger_matches",
            sql: "UPDATE ledger_matches SET preferred = 1 - preferred WHERE \(first("ledger_matches"))"),
        Tamper(
            table: "ledger_matches",
            sql:
                "UPDATE ledger_matches SET seller_order_id = COALESCE(seller_order_id, '') || 'x' WHERE \(first("ledger_matches"))"
        ),
        Tamper(
            table: "ledger_trades",
            sql: "UPDATE ledger_trades SET energy_wh = energy_wh + 1 WHERE \(first("ledger_trades"))"),
        Tamper(
            table: "ledger_trades",
            sql: "UPDATE ledger_trades SET seller_price = seller_price - 1 WHERE \(first("ledger_trades"))"),
        Tamper(
            table: "ledger_trades",
            sql: "UPDATE ledger_trades SET buyer = seller, seller = buyer WHERE \(first("ledger_trades"))"),
        Tamper(
            table: "ledger_postings",
            sql: "UPDATE ledger_postings SET amount = amount + 1 WHERE \(first("ledger_postings"))"),
        Tamper(
            table: "ledger_postings",
            sql:
                "UPDATE ledger_postings SET account = (SELECT MIN(code) FROM ledger_parties WHERE kind = 'household') WHERE account = (SELECT code FROM ledger_parties WHERE kind = 'grid') AND sequence = ?1"
        ),
        Tamper(
            table: "ledger_postings",
            sql:
                "UPDATE ledger_postings SET account = (SELECT code FROM ledger_parties WHERE kind = 'operator') WHERE \(first("ledger_postings"))"
        ),
        Tamper(
            table: "ledger_postings",
            sql: "UPDATE ledger_postings SET purpose = 1 WHERE purpose = 0 AND sequence = ?1"),
        Tamper(
            table: "ledger_postings",
            sql: "UPDATE ledger_postings SET commodity = 1 - commodity WHERE \(first("ledger_postings"))"),
        Tamper(
            table: "ledger_postings", sql: "UPDATE ledger_postings SET position = 1000 - position WHERE sequence = ?1"),
        Tamper(table: "ledger_postings", sql: "DELETE FROM ledger_postings WHERE \(first("ledger_postings"))"),
        Tamper(
            table: "ledger_postings",
            sql:
                "INSERT INTO ledger_postings SELECT sequence, 999, account, purpose, commodity, 0 FROM ledger_postings WHERE \(first("ledger_postings"))"
        ),
        Tamper(
            table: "ledger_postings",
            sql:
                "UPDATE ledger_postings SET sequence = sequence + 1, position = position + 500 WHERE \(first("ledger_postings"))"
        ),
    ]

    /// A ledger file of settlements and corrections, and the transactions it holds.
    static func ledger(in directory: TemporaryDirectory) async throws -> (
        path: String, transactions: [LedgerTransaction]
    ) {
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 10)
        let sqlite = SQLiteLedgerStore(store: village)
        try settleRandomLedger(into: [sqlite], seed: 0x7A4B_0001, intervals: 12, households: 10)
        return (village.path, try sqlite.allTransactions())
    }

    @Test(arguments: 0..<tampers.count)
    func everyEditOfEveryTableIsNamed(_ index: Int) async throws {
        let tamper = Self.tampers[index]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, transactions) = try await Self.ledger(in: directory)
        #expect(try SQLiteLedgerStore(readOnlyPath: path).verify().isIntact)

        // A transaction in the middle that has rows in the table (and a grid posting, a peer posting).
        let database = try DatabaseQueue(path: path)
        let target: Int64 = try #require(
            try await database.read { db in
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT MIN(sequence) FROM \(tamper.table) WHERE sequence >= ?
                          AND sequence IN (SELECT sequence FROM ledger_postings
                              WHERE account = (SELECT code FROM ledger_parties WHERE kind = 'grid'))
                          AND sequence IN (SELECT sequence FROM ledger_postings WHERE purpose = 0) \(tamper.filter)
                        """, arguments: [transactions.count / 3])
            })
        let changed = try await Self.tamper(database, sql: tamper.sql, target: target)
        #expect(changed > 0, "the edit must change a row")
        try database.close()

        let report = try SQLiteLedgerStore(readOnlyPath: path).verify()
        let violation = try #require(report.firstViolation, "\(tamper.sql) went unnoticed")
        #expect(violation.position == Int(target), "\(violation)")
        #expect(
            violation.idempotencyKey == transactions[Int(target)].idempotencyKey
                || tamper.sql.contains("idempotency_key"))
    }

    /// Drops the append-only triggers (as an attacker with the file would) and runs the edit.
    static func tamper(_ database: DatabaseQueue, sql: String, target: Int64) async throws -> Int {
        try await database.write { db in
            for trigger in try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ledger_%'")
            {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            var changes = 0
            for statement in sql.split(separator: ";") {
                try db.execute(sql: String(statement), arguments: [target])
                changes += db.changesCount
            }
            return changes
        }
    }

    /// The monthly totals are derived, not evidence: an edit does not break the chain, but verify
    /// recomputes them and names the participant and month.
    @Test(arguments: [
        "UPDATE ledger_monthly_balances SET money_out = money_out - 1000 WHERE participant_id = '101' AND month = (SELECT MIN(month) FROM ledger_monthly_balances) AND ?1 = 0",
        "DELETE FROM ledger_monthly_balances WHERE participant_id = '101' AND month = (SELECT MIN(month) FROM ledger_monthly_balances) AND ?1 = 0",
        "UPDATE ledger_monthly_balances SET participant_id = '999' WHERE participant_id = '101' AND month = (SELECT MIN(month) FROM ledger_monthly_balances) AND ?1 = 0",
    ])
    func editedMonthlyTotalsAreNamed(_ sql: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, transactions) = try await Self.ledger(in: directory)
        let month = SiteCalendar().month(of: transactions.map(\.intervalStart).min() ?? 0).description
        #expect(try SQLiteLedgerStore(readOnlyPath: path).verifyWithMonthlyBalances().balanceMismatches.isEmpty)
        let database = try DatabaseQueue(path: path)
        #expect(try await Self.tamper(database, sql: sql, target: 0) == 1)
        try database.close()
        let (report, mismatches) = try SQLiteLedgerStore(readOnlyPath: path).verifyWithMonthlyBalances()
        #expect(report.isIntact)
        #expect(mismatches.contains { $0.participant == .household("101") && $0.month == month }, "\(mismatches)")
    }

    /// The party dictionary is part of what the rows say: renaming a household there changes every
    /// transaction that names it, and verify names the first of them.
    @Test func aRenamedPartyIsNamedAtItsFirstTransaction() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, transactions) = try await Self.ledger(in: directory)
        let first = try #require(
            transactions.first { transaction in
                transaction.meterReadings.contains { $0.participant == .household("102") }
                    || transaction.postings.contains { $0.account == .household("102") }
            })
        let database = try DatabaseQueue(path: path)
        let changed = try await Self.tamper(
            database,
            sql: "UPDATE ledger_parties SET party_id = '109' WHERE kind = 'household' AND party_id = '102' AND ?1 = 0",
            target: 0)
        #expect(changed == 1)
        try database.close()
        let violation = try #require(try SQLiteLedgerStore(readOnlyPath: path).verify().firstViolation)
        #expect(violation.position == Int(first.sequence), "\(violation)")
    }

    @Test func triggersRefuseEditsAndDeletes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, transactions) = try await Self.ledger(in: directory)
        let database = try DatabaseQueue(path: path)
        for table in [
            "ledger_transactions", "ledger_household_prices", "ledger_readings", "ledger_matches", "ledger_trades",
            "ledger_postings",
        ] {
            await #expect(throws: DatabaseError.self) {
                try await database.write { db in
                    try db.execute(
                        sql:
                            "UPDATE \(table) SET sequence = sequence WHERE sequence = (SELECT MAX(sequence) FROM \(table))"
                    )
                }
            }
            await #expect(throws: DatabaseError.self) {
                try await database.write { db in
                    try db.execute(sql: "DELETE FROM \(table) WHERE sequence = (SELECT MAX(sequence) FROM \(table))")
                }
            }
        }
        try database.close()
        let store = try SQLiteLedgerStore(readOnlyPath: path)
        #expect(try store.allTransactions() == transactions)
        #expect(try store.verify().isIntact)
    }

    @Test func deletingTheLastTransactionIsCaughtOnlyByTheHeadHash() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, transactions) = try await Self.ledger(in: directory)
        let published = try SQLiteLedgerStore(readOnlyPath: path).verify().headHash
        let database = try DatabaseQueue(path: path)
        let last = Int64(transactions.count - 1)
        _ = try await Self.tamper(
            database,
            sql: """
                DELETE FROM ledger_postings WHERE sequence = ?1; DELETE FROM ledger_readings WHERE sequence = ?1;
                DELETE FROM ledger_trades WHERE sequence = ?1; DELETE FROM ledger_matches WHERE sequence = ?1;
                DELETE FROM ledger_household_prices WHERE sequence = ?1; DELETE FROM ledger_transactions WHERE sequence = ?1
                """, target: last)
        try database.close()
        let report = try SQLiteLedgerStore(readOnlyPath: path).verify()
        // A truncated chain is still a valid chain: only the published head hash exposes it.
        #expect(report.transactionCount == transactions.count - 1)
        #expect(report.headHash != published)
    }
}
