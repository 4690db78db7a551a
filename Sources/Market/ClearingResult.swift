/// The outcome of clearing one order book.
public struct ClearingResult: Hashable, Sendable, Codable {
    public var mechanism: Mechanism
    /// Bilateral trades, preferred-partner matches first, then in pairing order.
    public var matches: [Match]
    /// One fill per order, in the book's id order.
    public var fills: [OrderFill]
    /// The uniform price of the open (non-preferred) market, if the mechanism has one and
    /// anything traded.
    public var clearingPriceMilliWonPerKWh: Int64?

    public init(mechanism: Mechanism, matches: [Match], fills: [OrderFill], clearingPriceMilliWonPerKWh: Int64?) {
        self.mechanism = mechanism
        self.matches = matches
        self.fills = fills
        self.clearingPriceMilliWonPerKWh = clearingPriceMilliWonPerKWh
    }

    /// Energy traded between participants.
    public var tradedWh: Int64 { matches.reduce(0) { $0 + $1.energyWh } }
}
