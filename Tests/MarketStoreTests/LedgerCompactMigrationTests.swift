import Foundation
import GRDB
import Market
import MarketTestKit
import Testing

@testable import MarketStore
@testable import VillageStore

/// A ledger written in the old row format (parties and posting kinds as text) is converted by
/// `v11-ledger-compact` without changing a single transaction: same rows read back, same hashes,
/// same Merkle tree, and a checkpoint signed before the conversion still proves the ledger grew
/// only by appends.
@Suite struct LedgerCompactMigrationTests {
    /// A database of the schema before the compact ledger (up to `v10-plan-solve-times`) holding
    /// `transactions` in the old format, with their tree, monthly totals and a signed checkpoint.
    static func oldDatabase(at path: String, transactions: [LedgerTransaction], key: LedgerSigningKey) throws
        -> LedgerCheckpoint
    {
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v10-plan-solve-times")
        var tree = InMemoryMerkleTree()
        for transaction in transactions { tree.append(transaction.leafHash) }
        let checkpoint = try LedgerCheckpoint(
            origin: "village-ledger/eco-delta", treeSize: tree.size,
            rootHash: try MerkleProofs(source: tree).root(size: tree.size), time: januaryFirst, key: key)
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO sites (id, name, time_zone) VALUES ('eco-delta', 'Eco Delta', 'Asia/Seoul')")
            for index in 0..<6 {
                try db.execute(
                    sql: "INSERT INTO households (unit_id, site_id) VALUES (?, 'eco-delta')",
                    arguments: [VillageFixture.unitNumber(index)])
            }
            for transaction in transactions {
                try LegacyLedgerRows.insert(transaction, into: db)
                try LedgerTreeRows.appendLeaf(transaction.leafHash, at: transaction.sequence, to: db)
                try MonthlyBalanceRows.add(transaction, calendar: SiteCalendar(), to: db)
            }
            try CheckpointRow.insert(checkpoint, into: db)
        }
        try queue.close()
        return checkpoint
    }

    static func oldLedger(seed: UInt64) throws -> [LedgerTransaction] {
        let memory = InMemoryLedgerStore()
        try settleRandomLedger(into: [memory], seed: seed, intervals: 16, households: 6)
        return try memory.allTransactions()
    }

    @Test(arguments: [0x0C0_FFEE, 0x5EED_0011] as [UInt64])
    func anOldLedgerReadsBackTheSameAndStaysConsistentWithItsCheckpoint(seed: UInt64) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        let key = LedgerSigningKey()
        let transactions = try Self.oldLedger(seed: seed)
        #expect(transactions.count > 10)
        let kept = try Self.oldDatabase(at: path, transactions: transactions, key: key)

        // A read-only command does not convert; it says what to do.
        #expect {
            try SQLiteLedgerStore(readOnlyPath: path)
        } throws: { error in
            (error as? StoreError)?.code == .olderSchema
        }

        let village = try VillageStore(path: path)
        let ledger = SQLiteLedgerStore(store: village)
        let read = try ledger.allTransactions()
        #expect(read == transactions)
        #expect(read.allSatisfy { $0.hash == $0.computeHash() })
        #expect(try ledger.verify().isIntact)
        #expect(try ledger.verifyTree() == nil)
        #expect(try ledger.verifyWithMonthlyBalances().balanceMismatches.isEmpty)
        let consistency = try ledger.verify(against: kept, publicKey: key.publicKey)
        #expect(consistency.consistent, "\(consistency.message)")
        #expect(try ledger.treeHead().root == kept.rootHash)

        // Every party once; postings refer to them by code, purpose and commodity as small integers.
        let (parties, kinds, tables) = try await village.databaseWriter.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_parties") ?? 0,
                try Row.fetchAll(db, sql: "SELECT DISTINCT purpose, commodity FROM ledger_postings"),
                try String.fetchAll(
                    db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'ledger_%'")
            )
        }
        var named: Set<String> = []
        for transaction in transactions {
            for posting in transaction.postings {
                let (kind, id) = LedgerRows.columns(posting.account)
                named.insert(kind + "/" + id)
            }
            for reading in transaction.meterReadings {
                let (kind, id) = LedgerRows.columns(reading.participant)
                named.insert(kind + "/" + id)
            }
        }
        #expect(parties == named.count)
        #expect(kinds.allSatisfy { (($0[0] as Int64?) ?? -1) >= 0 && (($0[1] as Int64?) ?? -1) >= 0 })
        #expect(tables.allSatisfy { $0.contains("STRICT") }, "\(tables)")

        // The converted ledger goes on: the next settlement reuses the codes and the checkpoint
        // signed after it extends the one kept before the conversion.
        // Intervals after every one of the old ledger: new settlements, not corrections.
        let later = (transactions.map(\.intervalStart).max() ?? januaryFirst) + 900
        for input in try BatchCheckpointTests.inputs(count: 4, from: later, households: 6) {
            _ = try Settler(store: ledger).settle(input)
        }
        let after = try ledger.makeCheckpoint(key: key, time: januaryFirst + 1)
        #expect(after.treeSize > kept.treeSize)
        #expect(try ledger.verify(against: kept, publicKey: key.publicKey).consistent)
        #expect(try SQLiteLedgerStore(readOnlyPath: path).verify().isIntact)
        let partiesAfter = try await village.databaseWriter.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_parties") ?? 0
        }
        #expect(partiesAfter == parties)
    }

    /// A posting whose purpose is none of the known ones cannot be converted without changing what
    /// the ledger says: the open is refused, naming the table and transaction, and the file keeps
    /// its old format.
    @Test func anEditedPostingKindIsRefusedByName() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        let transactions = try Self.oldLedger(seed: 0xBA_AA_AA)
        _ = try Self.oldDatabase(at: path, transactions: transactions, key: LedgerSigningKey())
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER ledger_postings_no_update")
            try db.execute(sql: "UPDATE ledger_postings SET commodity = 'bananas' WHERE sequence = 3 AND position = 0")
        }
        try queue.close()
        let error = #expect(throws: StoreError.self) { try VillageStore(path: path) }
        #expect(error?.message.contains("ledger_postings of transaction #3") == true, "\(String(describing: error))")
        #expect(error?.message.contains("bananas") == true)
        let migrations = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(!migrations.contains("v11-ledger-compact"))
    }
}
