import Foundation
import Site
import VillageCore

/// Sums the ground truth of a run into the figures the village is judged by: PV yield per kWp,
/// the residential energy independence rate, demand by hour of day, and how well energy balanced.
/// A sink, so a year runs without keeping 35,000 intervals in memory.
package final class TruthSummary: GroundTruthSink {
    package let site: Site
    let utcOffsetSeconds: Int64
    let occupied: [Bool]

    package private(set) var intervals = 0
    package private(set) var roofPVWh: Int64 = 0
    package private(set) var sharedResidentialPVWh: Int64 = 0
    package private(set) var sharedPublicPVWh: Int64 = 0
    package private(set) var householdConsumptionWh: Int64 = 0
    package private(set) var heatPumpElectricityWh: Int64 = 0
    package private(set) var heatPlantShareWh: Int64 = 0
    package private(set) var publicBuildingsWh: Int64 = 0
    package private(set) var gridImportWh: Int64 = 0
    package private(set) var gridExportWh: Int64 = 0
    package private(set) var storageChargedWh: Int64 = 0
    package private(set) var storageDischargedWh: Int64 = 0
    package private(set) var heatDeliveredWh: Int64 = 0
    package private(set) var coolingDeliveredWh: Int64 = 0
    package private(set) var unmetThermalWh: Int64 = 0
    /// Largest |sources − sinks| of any interval in whole Wh, and the intervals where it exceeded the
    /// rounding bound.
    package private(set) var largestImbalanceWh: Int64 = 0
    package private(set) var intervalsOutOfBalance = 0
    package private(set) var largestElectricResidualWh = 0.0
    package private(set) var largestThermalResidualWh = 0.0
    /// Occupied households' consumption by local hour of day, weekdays and weekends, Wh.
    package private(set) var weekdayConsumptionByHourWh = [Int64](repeating: 0, count: 24)
    package private(set) var weekendConsumptionByHourWh = [Int64](repeating: 0, count: 24)
    /// Per household: consumption, heat-plant share, roof PV (Wh), for household differences.
    package private(set) var householdTotalsWh: [String: (consumption: Int64, heatShare: Int64, roofPV: Int64)] = [:]

    package init(site: Site, utcOffsetSeconds: Int64) {
        self.site = site
        self.utcOffsetSeconds = utcOffsetSeconds
        occupied = site.households.map(\.occupied)
    }

    package func record(_ interval: IntervalTruth) {
        intervals += 1
        let local = interval.start + utcOffsetSeconds
        let day = floorDivide(local, TimeGrid.daySeconds)
        let hour = Int((local - day * TimeGrid.daySeconds) / TimeGrid.hourSeconds)
        let weekend = CivilCalendar.weekday(dayNumber: day) >= 5
        var occupiedConsumption: Int64 = 0
        for (index, home) in interval.households.enumerated() {
            roofPVWh += home.roofPVWh
            householdConsumptionWh += home.consumptionWh
            heatPlantShareWh += home.heatPlantShareWh
            heatDeliveredWh += home.heatingWh + home.hotWaterWh
            coolingDeliveredWh += home.coolingWh
            unmetThermalWh += home.unmetThermalWh
            if occupied[index] { occupiedConsumption += home.consumptionWh }
            let previous = householdTotalsWh[home.unit] ?? (0, 0, 0)
            householdTotalsWh[home.unit] = (
                previous.consumption + home.consumptionWh,
                previous.heatShare + home.heatPlantShareWh,
                previous.roofPV + home.roofPVWh
            )
        }
        if weekend {
            weekendConsumptionByHourWh[hour] += occupiedConsumption
        } else {
            weekdayConsumptionByHourWh[hour] += occupiedConsumption
        }
        for array in interval.pvArrays {
            if array.residential { sharedResidentialPVWh += array.energyWh } else { sharedPublicPVWh += array.energyWh }
        }
        heatPumpElectricityWh += interval.heatPumps.reduce(0) { $0 + $1.electricityWh }
        publicBuildingsWh += interval.publicBuildingsWh
        gridImportWh += interval.grid.importWh
        gridExportWh += interval.grid.exportWh
        storageChargedWh += interval.storage.chargedWh
        storageDischargedWh += interval.storage.dischargedWh
        let imbalance = abs(interval.electricImbalanceWh)
        largestImbalanceWh = max(largestImbalanceWh, imbalance)
        if imbalance > Int64(interval.balanceTermCount) { intervalsOutOfBalance += 1 }
        largestElectricResidualWh = max(largestElectricResidualWh, abs(interval.electricResidualWh))
        largestThermalResidualWh = max(largestThermalResidualWh, abs(interval.thermalResidualWh))
    }

    package var totalPVWh: Int64 { roofPVWh + sharedResidentialPVWh + sharedPublicPVWh }

    /// Annual PV energy per installed kWp (meaningful for a one-year run).
    package var yieldKWhPerKWp: Double {
        Double(totalPVWh) / 1000 / site.totalPeakPowerKWp
    }

    /// Residential PV ÷ residential consumption, the homes' heat-plant share included, in percent.
    package var residentialEnergyIndependencePct: Double {
        let consumption = householdConsumptionWh + heatPlantShareWh
        return consumption > 0 ? Double(roofPVWh + sharedResidentialPVWh) / Double(consumption) * 100 : 0
    }

    /// Mean occupied-household power over the given local hours on weekdays, W.
    package func weekdayMeanPowerW(hours: Range<Int>) -> Double {
        let energy = hours.reduce(Int64(0)) { $0 + weekdayConsumptionByHourWh[$1] }
        let weekdays = Double(intervals) / 96 * 5 / 7
        return weekdays > 0 ? Double(energy) / (weekdays * Double(hours.count)) : 0
    }

    /// The headline numbers as text, one per line.
    package var report: String {
        func mwh(_ wh: Int64) -> String { String(format: "%.1f MWh", Double(wh) / 1e6) }
        return """
            intervals: \(intervals) (\(String(format: "%.1f", Double(intervals) / 96)) days)
            PV: \(mwh(totalPVWh)) (roofs \(mwh(roofPVWh)), residential shared \(mwh(sharedResidentialPVWh)), public \(mwh(sharedPublicPVWh))) on \(String(format: "%.1f", site.totalPeakPowerKWp)) kWp = \(String(format: "%.0f", yieldKWhPerKWp)) kWh/kWp
            household electricity: \(mwh(householdConsumptionWh)); heat pumps: \(mwh(heatPumpElectricityWh)) (homes' share \(mwh(heatPlantShareWh))); public buildings: \(mwh(publicBuildingsWh))
            heat delivered: \(mwh(heatDeliveredWh)); cooling delivered: \(mwh(coolingDeliveredWh)); unmet: \(mwh(unmetThermalWh))
            residential energy independence: \(String(format: "%.1f", residentialEnergyIndependencePct)) %
            grid: import \(mwh(gridImportWh)), export \(mwh(gridExportWh)); storage: charged \(mwh(storageChargedWh)), discharged \(mwh(storageDischargedWh))
            weekday household mean power: 11-14 h \(String(format: "%.1f", weekdayMeanPowerW(hours: 11..<14) / 1000)) kW, 18-22 h \(String(format: "%.1f", weekdayMeanPowerW(hours: 18..<22) / 1000)) kW
            balance: largest interval imbalance \(largestImbalanceWh) Wh (rounding), \(intervalsOutOfBalance) intervals beyond rounding; residuals electric \(String(format: "%.2e", largestElectricResidualWh)) Wh, thermal \(String(format: "%.2e", largestThermalResidualWh)) Wh
            """
    }
}
