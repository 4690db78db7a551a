/// Who places an order or owns a meter in the market.
///
/// Households trade for themselves; the shared battery (ESS) trades as the operator's
/// buyer or seller under its own account, so its energy and money never mix with a household's.
public enum Participant: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A household, identified by its unit number (`"101"`).
    case household(String)
    /// The shared energy storage system, traded by the operator.
    case storage

    /// The ledger account this participant's energy and money are posted to.
    public var account: Account {
        switch self {
        case .household(let id): .household(id)
        case .storage: .storage
        }
    }

    /// The household id, or nil for the storage.
    public var householdID: String? {
        if case .household(let id) = self { return id }
        return nil
    }

    public var description: String {
        switch self {
        case .household(let id): "household \(id)"
        case .storage: "storage"
        }
    }
}
