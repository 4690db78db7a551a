import ConfigFiles

/// How the village's neighbourhood market runs, as the site file states it.
public struct SiteMarket: Sendable, Hashable, Codable {
    /// Clearing mechanism: `uniform-price`, `pay-as-bid`, `sdr` or `mmr` (checked by the market
    /// when it is built, where the list lives).
    public var mechanism: String
    /// The shared battery trades its metered net energy as the operator's buyer or seller.
    public var storageTrades: Bool
    /// The battery sells to neighbours no cheaper than this; unset: the export price.
    public var storageMinSellPriceWonPerKWh: Double?
    /// The battery buys from neighbours no dearer than this; unset: its own grid price.
    public var storageMaxBuyPriceWonPerKWh: Double?
    /// An interval estimated across a meter outage longer than this settles with the grid only.
    public var maxTradedEstimateGapMinutes: Int

    /// The range `maxTradedEstimateGapMinutes` may take: from a poll gap to a week.
    public static let tradedEstimateGapRangeMinutes = 1...10_080

    public init(
        mechanism: String = "uniform-price", storageTrades: Bool = true,
        storageMinSellPriceWonPerKWh: Double? = nil, storageMaxBuyPriceWonPerKWh: Double? = nil,
        maxTradedEstimateGapMinutes: Int = 60
    ) {
        self.mechanism = mechanism
        self.storageTrades = storageTrades
        self.storageMinSellPriceWonPerKWh = storageMinSellPriceWonPerKWh
        self.storageMaxBuyPriceWonPerKWh = storageMaxBuyPriceWonPerKWh
        self.maxTradedEstimateGapMinutes = maxTradedEstimateGapMinutes
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mechanism, storageTrades, storageMinSellPriceWonPerKWh, storageMaxBuyPriceWonPerKWh,
            maxTradedEstimateGapMinutes
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mechanism = try c.decode(.mechanism, default: "uniform-price")
        storageTrades = try c.decode(.storageTrades, default: true)
        storageMinSellPriceWonPerKWh = try c.decodeIfPresent(
            .storageMinSellPriceWonPerKWh, in: HouseholdTrading.priceRangeWonPerKWh)
        storageMaxBuyPriceWonPerKWh = try c.decodeIfPresent(
            .storageMaxBuyPriceWonPerKWh, in: HouseholdTrading.priceRangeWonPerKWh)
        maxTradedEstimateGapMinutes = try c.decode(
            .maxTradedEstimateGapMinutes, default: 60, in: Self.tradedEstimateGapRangeMinutes)
    }
}
