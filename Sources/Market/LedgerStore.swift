/// Where transactions live. Append-only: the only write is ``append(_:)``.
///
/// An implementation must return transactions exactly as appended (every field, every list in
/// its order), because ``LedgerVerifier`` recomputes hashes from what it reads back. It must
/// refuse, unchanged, a transaction whose sequence is not next, whose previous hash is not the
/// last hash, or whose idempotency key exists (``LedgerError``). The in-memory store here serves
/// tests and benchmarks; the SQLite store implements the same protocol.
public protocol LedgerStore: Sendable {
    func append(_ transaction: LedgerTransaction) throws
    /// Every transaction in sequence order.
    func allTransactions() throws -> [LedgerTransaction]
    /// The transactions of one interval in sequence order (settlement first, then corrections).
    func transactions(intervalStart: Int64) throws -> [LedgerTransaction]
    /// The newest transaction, whose hash the next one links to.
    func lastTransaction() throws -> LedgerTransaction?
    /// Transactions whose interval starts in [from, to), in sequence order (balances, bills).
    func transactions(fromIntervalStart: Int64, toIntervalStart: Int64) throws -> [LedgerTransaction]
}

extension LedgerStore {
    /// Filters ``allTransactions()``; a database store should answer from an index instead.
    public func transactions(fromIntervalStart: Int64, toIntervalStart: Int64) throws -> [LedgerTransaction] {
        try allTransactions().filter { $0.intervalStart >= fromIntervalStart && $0.intervalStart < toIntervalStart }
    }
}
