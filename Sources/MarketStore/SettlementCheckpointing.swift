import Market

/// The key and clock with which settlement signs a checkpoint at the end of each batch that
/// appended to the ledger.
public struct SettlementCheckpointing: Sendable {
    public var key: LedgerSigningKey
    /// The checkpoint's time, Unix seconds.
    public var now: @Sendable () -> Int64

    public init(key: LedgerSigningKey, now: @escaping @Sendable () -> Int64) {
        self.key = key
        self.now = now
    }
}
