import Foundation
import GRDB
import Market
import MarketTestKit
import Testing

@testable import MarketStore
@testable import VillageStore

/// The ledger tables refuse every way of changing a row through SQL, replaces included, and a
/// value of the wrong type; the derived monthly totals are checked by `verify` instead.
@Suite struct LedgerAppendOnlyTests {
    /// Per table: an INSERT of a copy of an existing row, to be prefixed with OR REPLACE, REPLACE,
    /// OR IGNORE, or suffixed with an upsert clause.
    static let copies: [(table: String, select: String, conflict: String)] = [
        ("ledger_transactions", "SELECT * FROM ledger_transactions WHERE sequence = 1", "(sequence)"),
        (
            "ledger_household_prices",
            "SELECT * FROM ledger_household_prices WHERE (sequence, household_id) = (SELECT sequence, household_id FROM ledger_household_prices LIMIT 1)",
            "(sequence, household_id)"
        ),
        (
            "ledger_readings", "SELECT * FROM ledger_readings WHERE sequence = 1 AND position = 0",
            "(sequence, position)"
        ),
        (
            "ledger_matches",
            "SELECT * FROM ledger_matches WHERE (sequence, position) = (SELECT sequence, position FROM ledger_matches LIMIT 1)",
            "(sequence, position)"
        ),
        (
            "ledger_trades",
            "SELECT * FROM ledger_trades WHERE (sequence, position) = (SELECT sequence, position FROM ledger_trades LIMIT 1)",
            "(sequence, position)"
        ),
        (
            "ledger_postings", "SELECT * FROM ledger_postings WHERE sequence = 1 AND position = 0",
            "(sequence, position)"
        ),
        ("ledger_parties", "SELECT * FROM ledger_parties WHERE code = 0", "(code)"),
        (
            "ledger_parties",
            "SELECT (SELECT MAX(code) + 1 FROM ledger_parties), kind, party_id FROM ledger_parties WHERE code = 0",
            "(kind, party_id)"
        ),
        ("ledger_tree_nodes", "SELECT * FROM ledger_tree_nodes WHERE level = 0 AND position = 1", "(level, position)"),
        (
            "ledger_checkpoints",
            "SELECT * FROM ledger_checkpoints WHERE id = (SELECT MIN(id) FROM ledger_checkpoints)", "(id)"
        ),
    ]

    /// Copies of an existing row: each is still a replace (REPLACE deletes the old row first) or
    /// an insert that meets the row.
    static func statements(_ copy: (table: String, select: String, conflict: String)) -> [String] {
        let key = copy.conflict.dropFirst().prefix { $0 != "," && $0 != ")" }
        return [
            "INSERT INTO \(copy.table) \(copy.select) ON CONFLICT \(copy.conflict) DO UPDATE SET \(key) = excluded.\(key)",
            "INSERT OR REPLACE INTO \(copy.table) \(copy.select)",
            "REPLACE INTO \(copy.table) \(copy.select)",
            "INSERT INTO \(copy.table) \(copy.select) ON CONFLICT \(copy.conflict) DO NOTHING",
            "INSERT OR IGNORE INTO \(copy.table) \(copy.select)",
        ]
    }

    /// A ledger with settlements, corrections, a checkpoint, and the row counts of every table.
    static func ledger(in directory: TemporaryDirectory) async throws -> VillageStore {
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 10)
        let ledger = SQLiteLedgerStore(store: village)
        try settleRandomLedger(into: [ledger], seed: 0xA99E, intervals: 10, households: 10)
        try ledger.makeCheckpoint(key: LedgerSigningKey(), time: januaryFirst)
        return village
    }

    static func snapshot(_ database: any DatabaseReader) throws -> [String: [Row]] {
        try database.read { db in
            var tables: [String: [Row]] = [:]
            for copy in copies { tables[copy.table] = try Row.fetchAll(db, sql: "SELECT * FROM \(copy.table)") }
            return tables
        }
    }

    @Test(arguments: 0..<copies.count)
    func replacingARowIsRefusedOnEveryTable(_ index: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await Self.ledger(in: directory)
        let copy = Self.copies[index]
        let database = try DatabaseQueue(path: village.path)
        let before = try Self.snapshot(database)
        let copies = try await database.read { db in try Row.fetchAll(db, sql: copy.select).count }
        #expect(copies == 1)
        for sql in Self.statements(copy) {
            do {
                try await database.write { db in try db.execute(sql: sql) }
                Issue.record("\(sql) was not refused")
            } catch let error as DatabaseError {
                #expect(error.message?.contains("append-only") == true, "\(sql): \(error)")
            }
        }
        #expect(try Self.snapshot(database) == before)
        #expect(try SQLiteLedgerStore(readOnlyPath: village.path).verify().isIntact)
    }

    /// A value of the wrong type is refused on write, not coerced on read.
    @Test(arguments: [
        "UPDATE ledger_postings SET amount = '63 Wh (adjusted)' WHERE sequence = 1 AND position = 0",
        "UPDATE ledger_postings SET purpose = 'peerTrade' WHERE sequence = 1 AND position = 0",
        "UPDATE ledger_postings SET commodity = 2 WHERE sequence = 1 AND position = 0",
        "UPDATE ledger_postings SET purpose = 3 WHERE sequence = 1 AND position = 0",
        "UPDATE ledger_postings SET purpose = -1 WHERE sequence = 1 AND position = 0",
        "UPDATE ledger_parties SET kind = 'bank' WHERE code = 0",
        "UPDATE ledger_readings SET produced_wh = 1.5 WHERE sequence = 1 AND position = 0",
        "UPDATE ledger_transactions SET interval_start = 'yesterday' WHERE sequence = 1",
        "UPDATE ledger_monthly_balances SET money_out = 'a lot' WHERE 1",
        "UPDATE ledger_tree_nodes SET hash = 'not a hash' WHERE level = 0 AND position = 1",
    ])
    func aValueOfTheWrongTypeIsRefusedEvenWithoutTriggers(_ sql: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await Self.ledger(in: directory)
        let database = try DatabaseQueue(path: village.path)
        let before = try Self.snapshot(database)
        do {
            try await database.write { db in
                for trigger in try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ledger_%'")
                {
                    try db.execute(sql: "DROP TRIGGER \(trigger)")
                }
                try db.execute(sql: sql)
            }
            Issue.record("\(sql) was stored")
        } catch let error as DatabaseError {
            #expect(
                error.extendedResultCode == .SQLITE_CONSTRAINT_DATATYPE || error.resultCode == .SQLITE_CONSTRAINT,
                "\(error)")
        }
        #expect(try Self.snapshot(database) == before)
    }

    /// A ledger written before the tree existed is rebuilt STRICT by the migration, and its tree
    /// catches up on the first checkpoint with the root of its transactions.
    @Test func aLedgerFromBeforeTheTreeIsMigratedAndIndexed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        let memory = InMemoryLedgerStore()
        try settleRandomLedger(into: [memory], seed: 0x01D, intervals: 12, households: 6)
        let transactions = try memory.allTransactions()
        do {
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v5-settlement-backlog")
            try await queue.write { db in
                try db.execute(
                    sql: "INSERT INTO sites (id, name, time_zone) VALUES ('eco-delta', 'Eco Delta', 'Asia/Seoul')")
                for transaction in transactions {
                    try LegacyLedgerRows.insert(transaction, into: db)
                    try MonthlyBalanceRows.add(transaction, calendar: SiteCalendar(), to: db)
                }
            }
            try queue.close()
        }
        let village = try VillageStore(path: path)
        let ledger = SQLiteLedgerStore(store: village)
        #expect(try ledger.allTransactions() == transactions)
        let strict = try await village.databaseWriter.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'ledger_postings'") ?? ""
        }
        #expect(strict.contains("STRICT"))
        let checkpoint = try ledger.makeCheckpoint(key: LedgerSigningKey(), time: januaryFirst)
        var tree = InMemoryMerkleTree()
        for transaction in transactions { tree.append(transaction.leafHash) }
        #expect(checkpoint.treeSize == Int64(transactions.count))
        #expect(checkpoint.rootHash == (try MerkleProofs(source: tree).root(size: tree.size)))
        #expect(try ledger.verifyTree() == nil)
        #expect(try ledger.verifyWithMonthlyBalances().balanceMismatches.isEmpty)
    }
}
