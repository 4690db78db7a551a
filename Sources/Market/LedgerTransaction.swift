/// One interval's settlement (or one later correction of it): balanced double-entry postings,
/// the meter data they rest on, and a hash linking it to the transaction before.
///
/// Everything a household's balance needs is inside (readings, prices, delivered trades), so
/// balances and `ledger verify` need nothing but the ledger.
public struct LedgerTransaction: Hashable, Sendable, Codable {
    /// Position in the chain, from 0.
    public var sequence: Int64
    /// Start of the settlement interval, UTC Unix seconds.
    public var intervalStart: Int64
    public var kind: TransactionKind
    /// `settlement/<intervalStart>` or `correction/<intervalStart>/<n>`; unique in the ledger.
    public var idempotencyKey: String
    public var mechanism: Mechanism
    public var prices: GridPrices
    /// Meter readings first used by this transaction, sorted by participant.
    public var meterReadings: [MeterReading]
    /// The cleared trades the interval is settled against (settlement transactions only).
    public var clearedMatches: [Match]
    /// Delivered energy per counterparty pair (the change, in corrections).
    public var deliveredTrades: [DeliveredTrade]
    /// Sorted canonically (account, purpose, commodity); no zero amounts.
    public var postings: [Posting]
    /// Hex SHA-256 of the previous transaction, or ``LedgerTransaction/genesisHash``.
    public var previousHash: String
    /// Hex SHA-256 over the canonical encoding of every field above.
    public var hash: String

    /// The previous hash of the first transaction.
    public static let genesisHash = String(repeating: "0", count: 64)

    public init(
        sequence: Int64, intervalStart: Int64, kind: TransactionKind, idempotencyKey: String,
        mechanism: Mechanism, prices: GridPrices, meterReadings: [MeterReading],
        clearedMatches: [Match], deliveredTrades: [DeliveredTrade], postings: [Posting],
        previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.intervalStart = intervalStart
        self.kind = kind
        self.idempotencyKey = idempotencyKey
        self.mechanism = mechanism
        self.prices = prices
        self.meterReadings = meterReadings
        self.clearedMatches = clearedMatches
        self.deliveredTrades = deliveredTrades
        self.postings = postings
        self.previousHash = previousHash
        self.hash = hash
    }

    public static func settlementKey(intervalStart: Int64) -> String { "settlement/\(intervalStart)" }
    public static func correctionKey(intervalStart: Int64, number: Int) -> String {
        "correction/\(intervalStart)/\(number)"
    }
}
