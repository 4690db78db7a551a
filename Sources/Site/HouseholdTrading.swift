import ConfigFiles

/// A household's standing instructions to the neighbourhood market, as the site file states them.
///
/// Prices are won per kWh as people quote them; unset prices take the market's defaults (sell no
/// lower than the export price, buy no higher than the household's own marginal grid price).
public struct HouseholdTrading: Sendable, Hashable, Codable {
    /// Offers surplus to neighbours and buys from them; `false`: the grid only.
    public var enabled: Bool
    public var minSellPriceWonPerKWh: Double?
    public var maxBuyPriceWonPerKWh: Double?
    /// Unit numbers matched first, before the anonymous community book.
    public var preferredPartners: [String]

    public init(
        enabled: Bool = true, minSellPriceWonPerKWh: Double? = nil, maxBuyPriceWonPerKWh: Double? = nil,
        preferredPartners: [String] = []
    ) {
        self.enabled = enabled
        self.minSellPriceWonPerKWh = minSellPriceWonPerKWh
        self.maxBuyPriceWonPerKWh = maxBuyPriceWonPerKWh
        self.preferredPartners = preferredPartners
    }

    /// The highest price a site file may state (ten times the dearest Korean residential tier).
    public static let priceRangeWonPerKWh: ClosedRange<Double> = 0...10_000

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, minSellPriceWonPerKWh, maxBuyPriceWonPerKWh, preferredPartners
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decode(.enabled, default: true)
        minSellPriceWonPerKWh = try c.decodeIfPresent(.minSellPriceWonPerKWh, in: Self.priceRangeWonPerKWh)
        maxBuyPriceWonPerKWh = try c.decodeIfPresent(.maxBuyPriceWonPerKWh, in: Self.priceRangeWonPerKWh)
        preferredPartners = try c.decode(.preferredPartners, default: [])
        if let sell = minSellPriceWonPerKWh, let buy = maxBuyPriceWonPerKWh, sell > buy {
            throw ConfigFieldError(
                code: .invalidValue, path: c.codingPath + [CodingKeys.minSellPriceWonPerKWh],
                message: "minimum sell price \(sell) exceeds the maximum buy price \(buy)")
        }
    }
}
