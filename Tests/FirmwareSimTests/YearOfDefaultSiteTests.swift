import FirmwareSim
import Site
import Testing

/// Figures of one simulated year of the default site (step mode, no Modbus), computed once and shared
/// by the plausibility tests.
struct YearFigures: Sendable {
    let intervals: Int
    let yieldKWhPerKWp: Double
    let residentialEnergyIndependencePct: Double
    let weekdayMiddayW: Double
    let weekdayEveningW: Double
    let intervalsOutOfBalance: Int
    let largestElectricResidualWh: Double
    let largestThermalResidualWh: Double
    let householdConsumptionKWh: [String: Double]
    let heatPumpElectricityWh: Int64
    let heatPlantShareWh: Int64
    let unmetThermalWh: Int64
    let heatDeliveredWh: Int64

    static let defaultSite: YearFigures = {
        let site = Site.default
        let start: Int64 = 1_735_657_200  // 2025-01-01 00:00 Asia/Seoul
        do {
            let simulation = try VillageSimulation(site: site, start: start)
            let summary = TruthSummary(site: site, utcOffsetSeconds: 9 * 3600)
            simulation.truthSink = summary
            try simulation.run(until: start + 365 * 86_400)
            return YearFigures(
                intervals: summary.intervals,
                yieldKWhPerKWp: summary.yieldKWhPerKWp,
                residentialEnergyIndependencePct: summary.residentialEnergyIndependencePct,
                weekdayMiddayW: summary.weekdayMeanPowerW(hours: 11..<14),
                weekdayEveningW: summary.weekdayMeanPowerW(hours: 18..<22),
                intervalsOutOfBalance: summary.intervalsOutOfBalance,
                largestElectricResidualWh: summary.largestElectricResidualWh,
                largestThermalResidualWh: summary.largestThermalResidualWh,
                householdConsumptionKWh: summary.householdTotalsWh.mapValues { Double($0.consumption) / 1000 },
                heatPumpElectricityWh: summary.heatPumpElectricityWh,
                heatPlantShareWh: summary.heatPlantShareWh,
                unmetThermalWh: summary.unmetThermalWh,
                heatDeliveredWh: summary.heatDeliveredWh
            )
        } catch {
            fatalError("year run failed: \(error)")
        }
    }()
}

@Suite("A simulated year of the default site")
struct YearOfDefaultSiteTests {
    let year = YearFigures.defaultSite

    @Test func coversEveryIntervalOfTheYear() {
        #expect(year.intervals == 365 * 96)
    }

    @Test func annualPVYieldIsPlausibleForBusan() {
        #expect((1_150...1_450).contains(year.yieldKWhPerKWp), "yield \(year.yieldKWhPerKWp) kWh/kWp")
    }

    @Test func residentialEnergyIndependenceIsNearTheReported110Percent() {
        #expect(
            (100...120).contains(year.residentialEnergyIndependencePct),
            "independence \(year.residentialEnergyIndependencePct) %")
    }

    @Test func weekdayEveningDemandExceedsMidday() {
        #expect(
            year.weekdayEveningW > 1.5 * year.weekdayMiddayW,
            "evening \(year.weekdayEveningW) W, midday \(year.weekdayMiddayW) W")
    }

    @Test func energyBalancesCloseInEveryInterval() {
        #expect(year.intervalsOutOfBalance == 0)
        #expect(year.largestElectricResidualWh < 1e-6)
        #expect(year.largestThermalResidualWh < 1e-6)
    }

    @Test func householdsDiffer() throws {
        let occupied = Site.default.households.filter(\.occupied).map(\.unit)
        let values = occupied.compactMap { year.householdConsumptionKWh[$0] }
        let low = try #require(values.min())
        let high = try #require(values.max())
        #expect(values.count == 54)
        #expect(high > 1.8 * low, "consumption spans \(low)...\(high) kWh")
    }

    @Test func showUnitsDrawOnlyStandby() throws {
        for unit in Site.default.households.filter({ !$0.occupied }).map(\.unit) {
            let kWh = try #require(year.householdConsumptionKWh[unit])
            #expect(kWh < 500, "show unit \(unit) used \(kWh) kWh")
        }
    }

    @Test func homesCarryAllHeatPumpElectricityAndComfortHolds() {
        #expect(abs(year.heatPumpElectricityWh - year.heatPlantShareWh) <= 56 * 365 * 96 / 1000 + 56)
        #expect(Double(year.unmetThermalWh) < 0.01 * Double(year.heatDeliveredWh))
    }
}
