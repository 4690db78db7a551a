/// What a call to ``Settler/settle(_:)`` did.
public enum SettlementOutcome: Hashable, Sendable {
    /// The interval's first transaction was appended.
    case settled(LedgerTransaction)
    /// New meter data changed the interval; a correction was appended.
    case corrected(LedgerTransaction)
    /// The ledger already reflects this input; nothing was appended.
    case unchanged

    /// The appended transaction, if any.
    public var transaction: LedgerTransaction? {
        switch self {
        case .settled(let transaction), .corrected(let transaction): transaction
        case .unchanged: nil
        }
    }
}
