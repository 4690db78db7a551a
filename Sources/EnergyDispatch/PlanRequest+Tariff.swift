import Tariffs

extension PlanRequest {
    /// Prices every step from `tariff`; where it pays nothing for exports, from `exportTariff`
    /// (the SMP series, say) when given.
    ///
    /// `monthToDateImportWh` and `expectedImportWhPerStep` are passed to the timeline so tiered
    /// tariffs climb their tiers as the plan imports.
    public mutating func price(
        with tariff: Tariff, exportTariff: Tariff? = nil,
        monthToDateImportWh: Int64 = 0, expectedImportWhPerStep: Int64 = 0
    ) throws(TariffError) -> [PriceStep] {
        let timeline = try tariff.priceTimeline(
            from: startUnixSeconds, steps: stepCount, stepSeconds: stepSeconds,
            monthToDateImportWh: monthToDateImportWh, expectedImportWhPerStep: expectedImportWhPerStep
        )
        setPrices(timeline)
        if let exportTariff {
            let exports = try exportTariff.priceTimeline(
                from: startUnixSeconds, steps: stepCount, stepSeconds: stepSeconds)
            for index in 0..<stepCount where exportPriceMilliWonPerKWh[index] == nil {
                exportPriceMilliWonPerKWh[index] = exports[index].exportPriceMilliPerKWh
            }
        }
        return timeline
    }
}
