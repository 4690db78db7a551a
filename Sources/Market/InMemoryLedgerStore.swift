import Synchronization

/// A ``LedgerStore`` in memory: for tests, benchmarks and what-if runs.
public final class InMemoryLedgerStore: LedgerStore {
    private struct State {
        var transactions: [LedgerTransaction] = []
        var byInterval: [Int64: [Int]] = [:]
        var keys: Set<String> = []
    }

    private let state: Mutex<State>

    public init() { state = Mutex(State()) }

    public func append(_ transaction: LedgerTransaction) throws {
        try state.withLock { state throws(LedgerError) in
            let key = transaction.idempotencyKey
            guard !state.keys.contains(key) else {
                throw LedgerError(.duplicateIdempotencyKey, idempotencyKey: key, message: "already in the ledger")
            }
            guard transaction.sequence == Int64(state.transactions.count) else {
                throw LedgerError(
                    .sequenceGap, idempotencyKey: key,
                    message: "sequence \(transaction.sequence), expected \(state.transactions.count)")
            }
            let expectedPrevious = state.transactions.last?.hash ?? LedgerTransaction.genesisHash
            guard transaction.previousHash == expectedPrevious else {
                throw LedgerError(
                    .brokenChain, idempotencyKey: key, message: "previous hash does not match the last transaction")
            }
            guard transaction.hash == transaction.computeHash() else {
                throw LedgerError(.hashMismatch, idempotencyKey: key, message: "hash does not match the content")
            }
            state.keys.insert(key)
            state.byInterval[transaction.intervalStart, default: []].append(state.transactions.count)
            state.transactions.append(transaction)
        }
    }

    public func allTransactions() throws -> [LedgerTransaction] {
        state.withLock { $0.transactions }
    }

    public func transactions(intervalStart: Int64) throws -> [LedgerTransaction] {
        state.withLock { state in (state.byInterval[intervalStart] ?? []).map { state.transactions[$0] } }
    }

    public func lastTransaction() throws -> LedgerTransaction? {
        state.withLock { $0.transactions.last }
    }

    /// Loads transactions as found, without any check, the way a database file is read back:
    /// ``LedgerVerifier`` is what judges them.
    public init(loading transactions: [LedgerTransaction]) {
        var loaded = State()
        for (index, transaction) in transactions.enumerated() {
            loaded.keys.insert(transaction.idempotencyKey)
            loaded.byInterval[transaction.intervalStart, default: []].append(index)
        }
        loaded.transactions = transactions
        state = Mutex(loaded)
    }
}
