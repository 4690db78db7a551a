/// What a posting moves.
public enum Commodity: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case energyWh
    case moneyMilliWon

    var rank: Int { self == .energyWh ? 0 : 1 }
    public static func < (lhs: Commodity, rhs: Commodity) -> Bool { lhs.rank < rhs.rank }
}

/// Why a posting exists; each purpose balances on its own within a transaction.
public enum PostingPurpose: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// Energy between neighbours (and the storage); money via the operator as clearing house.
    case peerTrade
    /// Energy from the grid at the participant's import price.
    case gridImport
    /// Energy to the grid at the export price.
    case gridExport

    var rank: Int {
        switch self {
        case .peerTrade: 0
        case .gridImport: 1
        case .gridExport: 2
        }
    }
    public static func < (lhs: PostingPurpose, rhs: PostingPurpose) -> Bool { lhs.rank < rhs.rank }
}

/// One line of a double-entry transaction: a signed amount on one account.
///
/// Positive means the account receives (energy in, money in). Within a transaction the
/// amounts of each commodity and purpose sum to zero.
public struct Posting: Hashable, Sendable, Codable {
    public var account: Account
    public var purpose: PostingPurpose
    public var commodity: Commodity
    public var amount: Int64

    public init(account: Account, purpose: PostingPurpose, commodity: Commodity, amount: Int64) {
        self.account = account
        self.purpose = purpose
        self.commodity = commodity
        self.amount = amount
    }

    /// The canonical order of postings in a transaction: by account, purpose, commodity.
    static func canonicalOrder(_ lhs: Posting, _ rhs: Posting) -> Bool {
        if lhs.account != rhs.account { return lhs.account < rhs.account }
        if lhs.purpose != rhs.purpose { return lhs.purpose < rhs.purpose }
        return lhs.commodity < rhs.commodity
    }
}
