import GRDB
import Market
import VillageStore

/// The market's ledger in the village database (SQLite through GRDB): a ``LedgerStore`` that
/// gives back exactly what was appended, read from the rows as stored.
///
/// A transaction is one row in `ledger_transactions` plus one row per reading, match, delivered
/// trade, posting and household price, all written in one SQLite transaction: a crash (or an
/// error) part-way leaves nothing, and the retry appends it once. The idempotency key is unique in
/// the table, so a second settlement of an interval is impossible even for two processes racing.
/// Reads rebuild transactions from the rows, so ``LedgerVerifier`` recomputes every hash from what
/// is really in the file.
public final class SQLiteLedgerStore: LedgerStore {
    /// The database file.
    public let path: String
    let database: any DatabaseWriter
    /// False for a database opened read-only before the `v2-ledger` migration: an empty ledger.
    let hasLedgerTables: Bool
    /// Called inside the append transaction after every row is inserted; tests throw from it to
    /// simulate a crash before commit.
    let beforeCommit: (@Sendable (LedgerTransaction) throws -> Void)?

    /// The ledger of an open village store, appending through the store's writer.
    public convenience init(store: VillageStore) {
        self.init(path: store.path, database: store.databaseWriter, hasLedgerTables: true, beforeCommit: nil)
    }

    /// Opens an existing village database read-only (balances, trades, verification): the file is
    /// not created, migrated or changed. Appending to such a store fails.
    public convenience init(readOnlyPath path: String) throws(StoreError) {
        let (database, migrations) = try VillageStore.openReadOnly(path: path)
        if migrations.contains("v2-ledger"), !migrations.contains("v11-ledger-compact") {
            throw StoreError(
                code: .olderSchema, path: path, subject: "ledger",
                message: "the ledger is stored in the format of an older version; open the database once read-write "
                    + "with this version (the daemon, `village market settle` or `village ledger checkpoint`) to "
                    + "convert it")
        }
        self.init(path: path, database: database, hasLedgerTables: migrations.contains("v2-ledger"), beforeCommit: nil)
    }

    init(
        path: String, database: any DatabaseWriter, hasLedgerTables: Bool,
        beforeCommit: (@Sendable (LedgerTransaction) throws -> Void)?
    ) {
        self.path = path
        self.database = database
        self.hasLedgerTables = hasLedgerTables
        self.beforeCommit = beforeCommit
    }

    /// Appends one transaction with all its rows, or nothing.
    ///
    /// - Throws: ``LedgerError`` when the sequence is not next, the previous hash is not the last
    ///   hash, the hash does not match the content or the key exists; ``StoreError`` for
    ///   SQLite failures.
    public func append(_ transaction: LedgerTransaction) throws {
        let checked = try CheckedTransaction(transaction)
        try perform("append \(transaction.idempotencyKey)") { db in
            var parties = try LedgerParties.load(db)
            try Self.appendRows(checked, to: db, last: nil, parties: &parties)
            try MonthlyBalanceRows.add(transaction, calendar: SiteCalendar(), to: db)
            try self.beforeCommit?(transaction)
        }
    }

    /// Checks `transaction` against the last one (read from `db` unless the caller knows it as
    /// `last`) and inserts its rows and tree nodes, naming its parties through `parties`; the caller
    /// owns the SQLite transaction and adds the transaction to the monthly totals before it commits.
    static func appendRows(
        _ checked: CheckedTransaction, to db: Database, last: (sequence: Int64, hash: String)??,
        parties: inout LedgerParties
    ) throws {
        let transaction = checked.transaction
        let key = transaction.idempotencyKey
        let previous: (sequence: Int64, hash: String)?
        if let last {
            previous = last
        } else {
            previous = try ChainHeadRow.fetchOne(
                db, sql: "SELECT sequence, hash FROM ledger_transactions ORDER BY sequence DESC LIMIT 1"
            )
            .map { ($0.sequence, $0.hash) }
        }
        // Cached, as every statement of an append: a settlement batch appends thousands.
        let duplicate = try db.cachedStatement(
            sql: "SELECT EXISTS (SELECT 1 FROM ledger_transactions WHERE idempotency_key = ?)")
        if try Bool.fetchOne(duplicate, arguments: [key]) == true {
            throw LedgerError(.duplicateIdempotencyKey, idempotencyKey: key, message: "already in the ledger")
        }
        let expectedSequence = previous.map { $0.sequence + 1 } ?? 0
        guard transaction.sequence == expectedSequence else {
            throw LedgerError(
                .sequenceGap, idempotencyKey: key,
                message: "sequence \(transaction.sequence), expected \(expectedSequence)")
        }
        guard transaction.previousHash == previous?.hash ?? LedgerTransaction.genesisHash else {
            throw LedgerError(
                .brokenChain, idempotencyKey: key, message: "previous hash does not match the last transaction")
        }
        // A ledger written before the Merkle tree existed gets its earlier leaves first.
        if try LedgerTreeRows.leafCount(db) < transaction.sequence { try LedgerTreeRows.catchUp(db) }
        try LedgerRows.insert(transaction, into: db, parties: &parties)
        try LedgerTreeRows.appendLeaf(checked.leaf, at: transaction.sequence, to: db)
    }

    public func allTransactions() throws -> [LedgerTransaction] {
        try transactions(where: "1", arguments: [])
    }

    public func transactions(intervalStart: Int64) throws -> [LedgerTransaction] {
        try transactions(where: "interval_start = ?", arguments: [intervalStart])
    }

    public func transactions(fromIntervalStart: Int64, toIntervalStart: Int64) throws -> [LedgerTransaction] {
        try transactions(
            where: "interval_start >= ? AND interval_start < ?", arguments: [fromIntervalStart, toIntervalStart])
    }

    public func lastTransaction() throws -> LedgerTransaction? {
        try transactions(where: "sequence = (SELECT MAX(sequence) FROM ledger_transactions)", arguments: []).last
    }

    /// Start of the latest interval the ledger holds a transaction for, or nil when it is empty: where
    /// a restarted settlement continues (corrections of older intervals never move it back).
    public func latestIntervalStart() throws -> Int64? {
        guard hasLedgerTables else { return nil }
        return try perform("latest interval", write: false) { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(interval_start) FROM ledger_transactions")
        }
    }

    /// Whether any transaction settles or corrects an interval starting in [from, to).
    func holdsTransactions(fromIntervalStart from: Int64, toIntervalStart to: Int64) throws -> Bool {
        guard hasLedgerTables else { return false }
        return try perform("interval range", write: false) { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM ledger_transactions WHERE interval_start >= ? AND interval_start < ?)
                    """, arguments: [from, to]) ?? false
        }
    }

    /// Number of transactions, without reading them.
    public func transactionCount() throws -> Int {
        guard hasLedgerTables else { return 0 }
        return try perform("count", write: false) { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_transactions") ?? 0
        }
    }

    private func transactions(where condition: String, arguments: StatementArguments) throws -> [LedgerTransaction] {
        guard hasLedgerTables else { return [] }
        return try perform("read transactions", write: false) { db in
            try LedgerRows.read(db, where: condition, arguments: arguments)
        }
    }

    /// Runs `body` in one write transaction (or on a read snapshot), wrapping SQLite's errors with
    /// the file name and passing every other error through.
    func perform<T: Sendable>(
        _ operation: String, write: Bool = true,
        _ body: @escaping @Sendable (Database) throws -> T
    ) throws -> T {
        do {
            return write ? try Self.writeDurably(database, body) : try database.read(body)
        } catch let error as LedgerError {
            throw error
        } catch let error as StoreError {
            throw error
        } catch let error as MalformedLedgerRow {
            throw error.storeError(path: path)
        } catch let error as LedgerColumnError {
            throw error.storeError(path: path)
        } catch let error as MalformedProofRow {
            throw StoreError(code: .malformedRow, path: path, subject: "Merkle tree", message: error.description)
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw LedgerError(
                .duplicateIdempotencyKey, idempotencyKey: operation,
                message: "another writer appended this transaction or its sequence first (\(error.message ?? ""))")
        } catch let error as DatabaseError {
            throw StoreError(code: .sqlite, path: path, subject: operation, message: "\(error)")
        }
        // Anything else (a MarketError from a Settler inside a batch) passes through unchanged.
    }
}

extension SQLiteLedgerStore {
    /// Runs `body` in one write transaction committed with `synchronous = FULL`, whatever the
    /// store's setting for metering writes: a settlement or a checkpoint that returned survives a
    /// power cut, not only a killed process. SQLite refuses to change the setting inside a
    /// transaction, so it is switched around it and restored after.
    static func writeDurably<T>(_ database: any DatabaseWriter, _ body: @escaping (Database) throws -> T) throws -> T {
        try database.writeWithoutTransaction { db in
            let previous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 1
            try db.execute(sql: "PRAGMA synchronous = FULL")
            defer { try? db.execute(sql: "PRAGMA synchronous = \(previous)") }
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            guard let result else { throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "no result") }
            return result
        }
    }
}

/// The last transaction's sequence and hash: what the next one must follow.
private struct ChainHeadRow: FetchableRecord {
    typealias Columns = LedgerRows.TransactionRow.Columns

    var sequence: Int64
    var hash: String

    init(row: Row) throws {
        let table = LedgerRows.TransactionRow.databaseTableName
        sequence = try row.integer(Columns.sequence, of: table)
        hash = try row.text(Columns.hash, of: table)
    }
}
