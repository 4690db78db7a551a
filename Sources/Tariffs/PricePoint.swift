/// What one more kWh costs and earns at an instant, and why (version, season, period, tier).
///
/// The market uses `importPriceMilliPerKWh` as a household's ceiling and
/// `exportPriceMilliPerKWh` as the floor; both are thousandths of the tariff's currency per kWh.
public struct PricePoint: Sendable, Equatable, Codable {
    /// UTC Unix seconds.
    public var instant: Int64
    /// Label of the tariff version in force.
    public var version: String
    public var season: String
    public var period: String
    /// The tier the next kWh falls in, for tiered tariffs.
    public var tier: String?
    /// The energy rate before adders and taxes; nil when the tariff supplies nothing then
    /// (late-night power outside night hours) or a dynamic series has no price.
    public var energyRateMilliPerKWh: Int64?
    /// Sum of per-kWh adders in force (climate-environment, fuel-cost adjustment).
    public var addersMilliPerKWh: Int64
    /// Sum of percentage taxes in force, parts per million (VAT 10 % + fund 3.2 % = 132,000).
    public var taxesPPM: Int64
    /// The marginal import price a household pays: (energy rate + adders) × (1 + taxes), rounded
    /// to the milli. Base-charge jumps between tiers are not marginal and are not included.
    public var importPriceMilliPerKWh: Int64?
    /// What an exported kWh earns; nil when the tariff pays nothing for exports.
    public var exportPriceMilliPerKWh: Int64?

    private enum CodingKeys: String, CodingKey {
        case instant, version, season, period, tier, energyRateMilliPerKWh, addersMilliPerKWh, taxesPPM
        case importPriceMilliPerKWh, exportPriceMilliPerKWh
    }

    /// Absent prices are written as `null`, not left out, so scripts see "no supply" explicitly.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(instant, forKey: .instant)
        try container.encode(version, forKey: .version)
        try container.encode(season, forKey: .season)
        try container.encode(period, forKey: .period)
        try container.encode(tier, forKey: .tier)
        try container.encode(energyRateMilliPerKWh, forKey: .energyRateMilliPerKWh)
        try container.encode(addersMilliPerKWh, forKey: .addersMilliPerKWh)
        try container.encode(taxesPPM, forKey: .taxesPPM)
        try container.encode(importPriceMilliPerKWh, forKey: .importPriceMilliPerKWh)
        try container.encode(exportPriceMilliPerKWh, forKey: .exportPriceMilliPerKWh)
    }
}

/// One step of a price timeline, the scheduler's view of a tariff.
public struct PriceStep: Sendable, Equatable {
    /// UTC Unix seconds at the start of the step.
    public var start: Int64
    /// Marginal import price including adders and taxes; nil = no supply in this step.
    public var importPriceMilliPerKWh: Int64?
    /// Export price; nil = exports earn nothing.
    public var exportPriceMilliPerKWh: Int64?
    /// Time-of-use period name (`light`, `mid`, `peak`, `night`, `all`).
    public var period: String
}
