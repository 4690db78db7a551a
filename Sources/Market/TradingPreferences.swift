/// A household's standing instructions to the market, from the site file or the CLI.
///
/// Unset prices follow the pilots' guidance (Enosi): sell no lower than the feed-in price,
/// buy no higher than the household's own marginal import price.
public struct TradingPreferences: Hashable, Sendable, Codable {
    public var minSellPriceMilliWonPerKWh: Int64?
    public var maxBuyPriceMilliWonPerKWh: Int64?
    public var tradingEnabled: Bool
    public var preferredPartners: [String]

    public init(
        minSellPriceMilliWonPerKWh: Int64? = nil,
        maxBuyPriceMilliWonPerKWh: Int64? = nil,
        tradingEnabled: Bool = true,
        preferredPartners: [String] = []
    ) {
        self.minSellPriceMilliWonPerKWh = minSellPriceMilliWonPerKWh
        self.maxBuyPriceMilliWonPerKWh = maxBuyPriceMilliWonPerKWh
        self.tradingEnabled = tradingEnabled
        self.preferredPartners = preferredPartners
    }

    public static let `default` = TradingPreferences()
}
