import Market

/// One delivered trade as `village trades` lists it: which interval, which ledger transaction,
/// who delivered how much to whom, at which prices.
public struct TradeRecord: Hashable, Sendable, Codable {
    public var intervalStart: Int64
    public var sequence: Int64
    public var kind: TransactionKind
    public var buyer: Participant
    public var seller: Participant
    /// Delivered energy; negative in a correction that takes energy back.
    public var energyWh: Int64
    public var buyerPriceMilliWonPerKWh: Int64
    public var sellerPriceMilliWonPerKWh: Int64

    public init(
        intervalStart: Int64, sequence: Int64, kind: TransactionKind, buyer: Participant, seller: Participant,
        energyWh: Int64, buyerPriceMilliWonPerKWh: Int64, sellerPriceMilliWonPerKWh: Int64
    ) {
        self.intervalStart = intervalStart
        self.sequence = sequence
        self.kind = kind
        self.buyer = buyer
        self.seller = seller
        self.energyWh = energyWh
        self.buyerPriceMilliWonPerKWh = buyerPriceMilliWonPerKWh
        self.sellerPriceMilliWonPerKWh = sellerPriceMilliWonPerKWh
    }
}
