/// One participant's offer to buy or sell energy in one settlement interval.
///
/// Quantities are whole watt-hours and prices whole milli-won per kWh so that clearing and
/// settlement never touch floating point. A validated order lives in an ``OrderBook``.
public struct Order: Hashable, Sendable, Codable {
    /// Unique within its book; tie-breaks and rounding remainders follow this id.
    public var id: String
    public var participant: Participant
    public var side: OrderSide
    public var energyWh: Int64
    /// Highest price a buyer pays or lowest price a seller accepts.
    public var limitPriceMilliWonPerKWh: Int64
    /// Households this participant wants to trade with first (matched before the open book).
    public var preferredPartners: [String]
    /// With trading off the order still appears at settlement, but only as a grid trade.
    public var tradingEnabled: Bool

    public init(
        id: String,
        participant: Participant,
        side: OrderSide,
        energyWh: Int64,
        limitPriceMilliWonPerKWh: Int64,
        preferredPartners: [String] = [],
        tradingEnabled: Bool = true
    ) {
        self.id = id
        self.participant = participant
        self.side = side
        self.energyWh = energyWh
        self.limitPriceMilliWonPerKWh = limitPriceMilliWonPerKWh
        self.preferredPartners = preferredPartners
        self.tradingEnabled = tradingEnabled
    }
}
