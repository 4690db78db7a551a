import Dispatch
import GRDB
import Market

/// The ledger inside one SQLite write transaction: for settling many intervals at once.
///
/// Appending interval after interval in one transaction writes each index page once per batch
/// instead of once per interval (a household's postings of consecutive intervals share a leaf
/// page), which is what makes a year of settlement affordable. All or nothing: if anything
/// throws, or the process dies, no interval of the batch is in the ledger, and the retry settles
/// each of them once.
///
/// Only valid inside ``SQLiteLedgerStore/batch(_:)``, on the writer's thread: GRDB's `Database`
/// must not escape its closure, hence `@unchecked Sendable` (required by ``LedgerStore``) and no
/// way to construct one elsewhere.
public final class SQLiteLedgerBatch: LedgerStore, @unchecked Sendable {
    let db: Database
    private let beforeCommit: (@Sendable (LedgerTransaction) throws -> Void)?
    /// The newest transaction, once known: spares a read per append.
    private var newest: LedgerTransaction??
    /// The ledger's party dictionary, loaded at the first append of the batch.
    private var parties: LedgerParties?
    /// The batch's additions to the monthly totals, written once when the batch ends.
    private var monthly = MonthlyBalanceRows.Pending()

    init(db: Database, beforeCommit: (@Sendable (LedgerTransaction) throws -> Void)?) {
        self.db = db
        self.beforeCommit = beforeCommit
    }

    public func append(_ transaction: LedgerTransaction) throws {
        try append(CheckedTransaction(transaction))
    }

    func append(_ checked: CheckedTransaction) throws {
        let transaction = checked.transaction
        let last: (sequence: Int64, hash: String)?? = newest.map { $0.map { ($0.sequence, $0.hash) } }
        var known = try parties ?? LedgerParties.load(db)
        // Kept even when the append fails: the codes it stored stay in the SQLite transaction with its rows.
        defer { parties = known }
        try SQLiteLedgerStore.appendRows(checked, to: db, last: last, parties: &known)
        try monthly.add(transaction, calendar: SiteCalendar(), in: db)
        try beforeCommit?(transaction)
        newest = .some(transaction)
    }

    /// Writes the batch's monthly totals; the batch calls it before committing.
    func finish() throws { try monthly.write(to: db) }

    public func allTransactions() throws -> [LedgerTransaction] {
        try LedgerRows.read(db, where: "1", arguments: [])
    }

    public func transactions(intervalStart: Int64) throws -> [LedgerTransaction] {
        try LedgerRows.read(db, where: "interval_start = ?", arguments: [intervalStart])
    }

    public func transactions(fromIntervalStart: Int64, toIntervalStart: Int64) throws -> [LedgerTransaction] {
        try LedgerRows.read(
            db, where: "interval_start >= ? AND interval_start < ?", arguments: [fromIntervalStart, toIntervalStart])
    }

    public func lastTransaction() throws -> LedgerTransaction? {
        if let newest { return newest }
        let last = try LedgerRows.read(
            db, where: "sequence = (SELECT MAX(sequence) FROM ledger_transactions)", arguments: []
        ).last
        newest = .some(last)
        return last
    }
}

extension SQLiteLedgerStore {
    /// Runs `body` with the ledger inside one SQLite write transaction: everything `body` appends
    /// commits together, or nothing does.
    public func batch<T: Sendable>(_ body: @escaping @Sendable (SQLiteLedgerBatch) throws -> T) throws -> T {
        try perform("batch") { [beforeCommit] db in
            let batch = SQLiteLedgerBatch(db: db, beforeCommit: beforeCommit)
            let result = try body(batch)
            try batch.finish()
            return result
        }
    }
}

extension SQLiteLedgerStore {
    /// ``batch(_:)`` on a thread of its own: the calling task goes on (sealing the next day's
    /// settlements) while SQLite writes, instead of holding one of the few threads async work runs on.
    func batchOnItsOwnThread<T: Sendable>(_ body: @escaping @Sendable (SQLiteLedgerBatch) throws -> T)
        async throws -> T
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try self.batch(body) })
            }
        }
    }
}

extension SQLiteLedgerBatch {
    /// Signs the tree over every transaction appended so far, batch included, and keeps the
    /// checkpoint in the batch's own SQLite transaction.
    ///
    /// The checkpoint commits with the settlements it covers, or not at all: it shares their
    /// durable commit instead of paying for one of its own, and it can never sign rows that are
    /// not committed.
    @discardableResult
    public func checkpoint(key: LedgerSigningKey, time: Int64) throws -> LedgerCheckpoint {
        let size = try LedgerTreeRows.catchUp(db)
        let checkpoint = try LedgerCheckpoint(
            origin: try SQLiteLedgerStore.origin(db), treeSize: size,
            rootHash: try LedgerTreeRows.proofs(db).root(size: size), time: time, key: key)
        try CheckpointRow.insert(checkpoint, into: db)
        return checkpoint
    }
}
