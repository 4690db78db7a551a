/// A ledger account. Every posting moves energy or money between these.
///
/// The operator is the market's clearing house: buyers pay it and it pays sellers, so any
/// price spread (pay-as-bid) or rounding remainder lands on one visible account.
public enum Account: Hashable, Sendable, Comparable, CustomStringConvertible {
    case household(String)
    case `operator`
    case storage
    case grid

    public var description: String {
        switch self {
        case .household(let id): "household:\(id)"
        case .operator: "operator"
        case .storage: "storage"
        case .grid: "grid"
        }
    }

    /// Stable rank used to order postings canonically (households first, by id).
    var sortRank: Int {
        switch self {
        case .household: 0
        case .storage: 1
        case .operator: 2
        case .grid: 3
        }
    }

    public static func < (lhs: Account, rhs: Account) -> Bool {
        if case .household(let a) = lhs, case .household(let b) = rhs { return idPrecedes(a, b) }
        return lhs.sortRank < rhs.sortRank
    }
}
