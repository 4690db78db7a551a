/// Village-level indicators for a period (gsy-e's KPIs).
///
/// Trades between households count as community self-consumption. A storage that ends the
/// period lower than it started has supplied energy that was not produced in the period, so its
/// net discharge is subtracted and cannot inflate self-sufficiency.
public struct CommunityKPIs: Hashable, Sendable, Codable {
    public var producedWh: Int64 = 0
    public var consumedWh: Int64 = 0
    public var gridImportWh: Int64 = 0
    public var gridExportWh: Int64 = 0
    public var storageChargedWh: Int64 = 0
    public var storageDischargedWh: Int64 = 0
    /// Energy traded between participants (each kWh counted once).
    public var energyTradedWh: Int64 = 0
    /// Households' savings against their grid-only bills.
    public var savingsMilliWon: Int64 = 0

    public init() {}

    /// Household consumption met from the village's own production in the period.
    public var selfConsumedWh: Int64 {
        let storageDrain = max(storageDischargedWh - storageChargedWh, 0)
        let local = consumedWh - gridImportWh - storageDrain
        return min(max(local, 0), min(producedWh, consumedWh))
    }

    /// Self-consumed ÷ demand; nil without demand.
    public var selfSufficiency: Double? { consumedWh > 0 ? Double(selfConsumedWh) / Double(consumedWh) : nil }
    /// Self-consumed ÷ production; nil without production.
    public var selfConsumption: Double? { producedWh > 0 ? Double(selfConsumedWh) / Double(producedWh) : nil }
}
