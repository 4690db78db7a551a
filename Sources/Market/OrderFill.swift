/// What became of one order: how much traded with neighbours and how much falls to the grid.
///
/// Every order has a fill, so an unmatched order still shows up (as a grid trade).
public struct OrderFill: Hashable, Sendable, Codable {
    public var orderID: String
    public var participant: Participant
    public var side: OrderSide
    public var matchedWh: Int64
    /// The residual, traded with the grid at ``gridPriceMilliWonPerKWh``.
    public var gridWh: Int64
    /// λb of this participant for buys, λs for sells.
    public var gridPriceMilliWonPerKWh: Int64

    public init(
        orderID: String, participant: Participant, side: OrderSide, matchedWh: Int64,
        gridWh: Int64, gridPriceMilliWonPerKWh: Int64
    ) {
        self.orderID = orderID
        self.participant = participant
        self.side = side
        self.matchedWh = matchedWh
        self.gridWh = gridWh
        self.gridPriceMilliWonPerKWh = gridPriceMilliWonPerKWh
    }
}
