import FirmwareSim
import Foundation
import Tariffs
import VillageCore

/// Keeps the ground truth of a demo run in memory: the totals for the report and each interval's
/// household figures to check the database against.
final class DemoTruth: GroundTruthSink, @unchecked Sendable {
    private let lock = NSLock()
    private var intervals: [IntervalTruth] = []
    private let nightHours: ClosedRange<Int>
    private let utcOffsetSeconds: Int64

    init(utcOffsetSeconds: Int64 = 9 * 3600, nightHours: ClosedRange<Int> = 0...7) {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.nightHours = nightHours
    }

    func record(_ interval: IntervalTruth) throws { lock.withLock { intervals.append(interval) } }

    var all: [IntervalTruth] { lock.withLock { intervals } }

    /// Late-night hours (23:00–09:00 is the tariff's night; the plant's own controller uses 22–08):
    /// reported as the share of heat-pump electricity used between 22:00 and 08:00.
    /// Totals of the intervals in [from, to).
    func totals(from: Int64, to: Int64, capacityKWh: Double) -> DemoReport.Truth {
        var truth = DemoReport.Truth(
            pvWh: 0, roofPVWh: 0, householdConsumptionWh: 0, heatPumpElectricityWh: 0, heatPumpNightWh: 0,
            gridImportWh: 0, gridExportWh: 0, storageChargedWh: 0, storageDischargedWh: 0,
            storageEveningDischargedWh: 0,
            storageUsableWh: Int64(capacityKWh * 1000), publicBuildingsWh: 0, hotTankStartWh: 0, hotTankEndWh: 0,
            coldTankStartWh: 0, coldTankEndWh: 0, unmetThermalWh: 0)
        let run = all.filter { $0.start >= from && $0.start < to }.sorted { $0.start < $1.start }
        if let first = run.first, let last = run.last {
            // Stored at the start = stored at the end of the first interval, less what it gained in it.
            let gained = { (tank: IntervalTruth.Tank) in tank.chargedWh - tank.deliveredWh - tank.standingLossWh }
            truth.hotTankStartWh = first.hotTank.storedWhEnd - gained(first.hotTank)
            truth.coldTankStartWh = first.coldTank.storedWhEnd - gained(first.coldTank)
            truth.hotTankEndWh = last.hotTank.storedWhEnd
            truth.coldTankEndWh = last.coldTank.storedWhEnd
        }
        for interval in run {
            truth.unmetThermalWh += interval.hotTank.unmetWh + interval.coldTank.unmetWh
            let roof = interval.households.reduce(0) { $0 + $1.roofPVWh }
            truth.roofPVWh += roof
            truth.pvWh += roof + interval.pvArrays.reduce(0) { $0 + $1.energyWh }
            truth.householdConsumptionWh += interval.households.reduce(0) { $0 + $1.consumptionWh }
            let pumps = interval.heatPumps.reduce(0) { $0 + $1.electricityWh }
            truth.heatPumpElectricityWh += pumps
            truth.heatPumpThermalWh += interval.heatPumps.reduce(0) { $0 + $1.heatToHotTankWh + $1.coldToColdTankWh }
            let hour = Int(((interval.start + utcOffsetSeconds) % TimeGrid.daySeconds) / TimeGrid.hourSeconds)
            if hour >= 22 || hour < 8 { truth.heatPumpNightWh += pumps }
            truth.gridImportWh += interval.grid.importWh
            truth.gridExportWh += interval.grid.exportWh
            truth.storageChargedWh += interval.storage.chargedWh
            truth.storageDischargedWh += interval.storage.dischargedWh
            if (17..<22).contains(hour) { truth.storageEveningDischargedWh += interval.storage.dischargedWh }
            truth.publicBuildingsWh += interval.publicBuildingsWh
        }
        return truth
    }

    /// The village's grid energy in [from, to) priced by `tariff` (exports by `exportTariff` where
    /// `tariff` pays nothing), milli-won: import cost minus export revenue, and what all its demand
    /// (homes, heat pumps, public buildings) would cost bought from the grid instead.
    func gridCosts(tariff: Tariff, exportTariff: Tariff?, from: Int64, to: Int64) throws -> (
        withPlant: Double, gridOnly: Double
    ) {
        try Self.gridCosts(of: all, tariff: tariff, exportTariff: exportTariff, from: from, to: to)
    }

    /// Heat-pump electricity in [from, to) per time-of-use period of `tariff`, Wh.
    func heatPumpWhByPeriod(tariff: Tariff, from: Int64, to: Int64) throws -> [String: Int64] {
        let steps = Int((to - from) / TimeGrid.quarterHourSeconds)
        let prices = try tariff.priceTimeline(from: from, steps: steps)
        var result: [String: Int64] = [:]
        for interval in all where interval.start >= from && interval.start < to {
            let period = prices[Int((interval.start - from) / TimeGrid.quarterHourSeconds)].period
            result[period, default: 0] += interval.heatPumps.reduce(0) { $0 + $1.electricityWh }
        }
        return result
    }

    /// `gridCosts(tariff:exportTariff:from:to:)` of the given intervals.
    static func gridCosts(of all: [IntervalTruth], tariff: Tariff, exportTariff: Tariff?, from: Int64, to: Int64) throws
        -> (withPlant: Double, gridOnly: Double)
    {
        let intervals = all.filter { $0.start >= from && $0.start < to }
        let steps = Int((to - from) / TimeGrid.quarterHourSeconds)
        let prices = try tariff.priceTimeline(from: from, steps: steps)
        let exportPrices = try exportTariff?.priceTimeline(from: from, steps: steps)
        var withPlant = 0.0
        var gridOnly = 0.0
        for interval in intervals {
            let index = Int((interval.start - from) / TimeGrid.quarterHourSeconds)
            let importPrice = Double(prices[index].importPriceMilliPerKWh ?? 0)
            let exportPrice = Double(
                prices[index].exportPriceMilliPerKWh ?? exportPrices?[index].exportPriceMilliPerKWh ?? 0)
            withPlant +=
                Double(interval.grid.importWh) * importPrice / 1000 - Double(interval.grid.exportWh) * exportPrice
                / 1000
            let demand =
                interval.households.reduce(0) { $0 + $1.consumptionWh } + interval.publicBuildingsWh
                + interval.heatPumps.reduce(0) { $0 + $1.electricityWh }
            gridOnly += Double(demand) * importPrice / 1000
        }
        return (withPlant, gridOnly)
    }
}
