import Foundation
import GRDB
import Market
import MarketTestKit
import Testing
import VillageStore

@testable import MarketStore

/// The SQLite ledger behaves exactly like the in-memory reference store.
@Suite struct SQLiteLedgerStoreTests {
    @Test(arguments: [UInt64(0x1ED6_0001), 0x1ED6_0002, 0x1ED6_0003])
    func sameOperationsGiveTheSameLedger(seed: UInt64) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 12)
        let sqlite = SQLiteLedgerStore(store: village)
        let memory = InMemoryLedgerStore()
        try settleRandomLedger(into: [memory, sqlite], seed: seed, intervals: 40, households: 12)

        let expected = try memory.allTransactions()
        #expect(expected.count >= 40)
        #expect(expected.contains { $0.kind == .correction })
        #expect(try sqlite.allTransactions() == expected)
        #expect(try sqlite.lastTransaction() == expected.last)
        #expect(try sqlite.transactionCount() == expected.count)
        for start in Set(expected.map(\.intervalStart)) {
            #expect(try sqlite.transactions(intervalStart: start) == expected.filter { $0.intervalStart == start })
        }
        let middle = expected[expected.count / 2].intervalStart
        #expect(
            try sqlite.transactions(fromIntervalStart: januaryFirst, toIntervalStart: middle)
                == expected.filter { $0.intervalStart < middle })
        // The same invariants hold, read back from the file by a second, read-only connection.
        let report = try SQLiteLedgerStore(readOnlyPath: village.path).verify()
        #expect(report.isIntact, "\(String(describing: report.firstViolation))")
        #expect(report.transactionCount == expected.count)
        #expect(report.headHash == LedgerVerifier.verify(expected).headHash)
    }

    @Test func balancesFromIndexedRowsEqualTheSummaryOfWholeTransactions() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 8)
        let sqlite = SQLiteLedgerStore(store: village)
        try settleRandomLedger(into: [sqlite], seed: 0xBA1A_0001, intervals: 120, households: 8)
        let transactions = try sqlite.allTransactions()
        let calendar = SiteCalendar()
        let months = Set(transactions.map { calendar.month(of: $0.intervalStart) }).sorted()
        #expect(months.count >= 2)
        for participant in (0..<8).map({ Participant.household(VillageFixture.unitNumber($0)) }) + [.storage] {
            let balances = try sqlite.monthlyBalances(participant: participant)
            let expected = months.map { month in
                let range = calendar.range(of: month)
                return ParticipantSummary(
                    participant: participant, transactions: transactions,
                    fromIntervalStart: range.lowerBound, toIntervalStart: range.upperBound)
            }.filter { $0 != ParticipantSummary(participant: participant) }
            #expect(balances.map(\.summary) == expected, "\(participant)")
            #expect(balances.map(\.month) == balances.map(\.month).sorted())
            // The derived monthly totals that `village balance` reads are the same, month by month.
            #expect(try sqlite.storedMonthlyBalances(participant) == balances, "\(participant)")
            if let first = balances.first, case .household(let id) = participant {
                #expect(try sqlite.householdBalances(household: id, month: first.month) == [first])
                #expect(try sqlite.householdBalances(household: id) == balances)
            }
        }
    }

    /// A database from before the ledger (only `v1-metering`): read-only commands see an empty
    /// ledger and change nothing; opening it for settlement adds the ledger tables.
    @Test func aMeteringOnlyDatabaseHasAnEmptyLedgerUntilItIsMigrated() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("village.sqlite")
        let village = try await makeVillageStore(at: path, households: 3)
        try await village.databaseWriter.write { db in
            for trigger in try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ledger_%'")
            {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            for table in [
                "ledger_monthly_balances", "ledger_postings", "ledger_trades", "ledger_matches", "ledger_readings",
                "ledger_household_prices", "ledger_parties", "ledger_tree_nodes", "ledger_checkpoints",
                "ledger_transactions",
            ] {
                try db.execute(sql: "DROP TABLE \(table)")
            }
            try db.execute(
                sql: """
                    DELETE FROM grdb_migrations WHERE identifier IN ('v2-ledger', 'v6-ledger-proofs', 'v11-ledger-compact')
                    """)
        }
        try await village.databaseWriter.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        let before = try #require(fileBytes(path))
        let readOnly = try SQLiteLedgerStore(readOnlyPath: path)
        #expect(try readOnly.allTransactions().isEmpty)
        #expect(try readOnly.verify().isIntact)
        #expect(try readOnly.householdBalances(household: "101").isEmpty)
        #expect(try readOnly.trades(from: .min, to: .max).isEmpty)
        #expect(fileBytes(path) == before)

        let reopened = try VillageStore(path: directory.path("village.sqlite"))
        let ledger = SQLiteLedgerStore(store: reopened)
        try settleRandomLedger(into: [ledger], seed: 0x0001, intervals: 2, households: 3)
        #expect(try ledger.transactionCount() >= 2)
        #expect(try SQLiteLedgerStore(readOnlyPath: path).verify().isIntact)
    }

    @Test func refusedAppendsChangeNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 6)
        let sqlite = SQLiteLedgerStore(store: village)
        try settleRandomLedger(into: [sqlite], seed: 0x0BAD_0001, intervals: 5, households: 6)
        let before = try sqlite.allTransactions()
        let last = try #require(before.last)
        var next = last
        next.sequence += 1
        next.idempotencyKey = LedgerTransaction.settlementKey(intervalStart: last.intervalStart + 900_000)
        next.intervalStart += 900_000
        next.kind = .settlement
        next.previousHash = last.hash
        let cases: [(LedgerTransaction, LedgerError.Code)] = [
            (
                {
                    var t = next
                    t.sequence += 1
                    return t.sealed()
                }(), .sequenceGap
            ),
            (
                {
                    var t = next
                    t.previousHash = LedgerTransaction.genesisHash
                    return t.sealed()
                }(), .brokenChain
            ),
            (
                {
                    var t = next.sealed()
                    t.postings[0].amount += 1
                    return t
                }(), .hashMismatch
            ),
            (
                {
                    var t = next
                    t.idempotencyKey = before[0].idempotencyKey
                    return t.sealed()
                }(), .duplicateIdempotencyKey
            ),
        ]
        for (transaction, code) in cases {
            #expect(throws: LedgerError.self) { try sqlite.append(transaction) }
            do { try sqlite.append(transaction) } catch let error as LedgerError { #expect(error.code == code) }
            #expect(try sqlite.allTransactions() == before)
        }
        try sqlite.append(next.sealed())
        #expect(try sqlite.allTransactions() == before + [next.sealed()])
    }
}

extension SQLiteLedgerStore {
    /// The derived monthly totals of any participant (the storage has no household row).
    func storedMonthlyBalances(_ participant: Participant) throws -> [MonthlyBalance] {
        try perform("test", write: false) { db in try MonthlyBalanceRows.read(db, participant: participant) }
    }
}
