import EnergyDispatch
import Site
import VillageCore
import VillageStore

/// The site's history of PV, load, heat and cooling demand and outdoor temperature, rebuilt from the intervals the collector
/// recorded: what forecasts learn from, what forecast errors are measured against, and what a what-if
/// replays.
///
/// Load is what the grid balance leaves once PV, heat pumps and the battery are accounted for
/// (`import − export + PV − heat pumps + battery discharge − charge`), so it includes the public
/// buildings, which have no meter of their own. Battery flows come from the change of its stored
/// energy and the site's efficiencies. Heat demand is what the hot tank gave out: heat pumped in minus
/// the change of stored heat minus standing losses; cooling likewise from the cold tank. An interval
/// missing any of its inputs is missing from the series.
package enum RecordedSiteHistory {
    /// The recorded series with `from <= start < to`.
    package static func read(
        from reader: any IntervalTotalsReading, site: Site, stepSeconds step: Int64, from: Int64, to: Int64
    ) async throws(DispatchControlError) -> SiteHistory {
        do {
            let pumps = site.heatPlant.heatPumps.map(\.device)
            let pv = try await reader.intervalTotals(
                channel: .pvGeneration, ownerKind: nil, ownerIds: nil, from: from, to: to)
            let gridIn = try await reader.intervalTotals(
                channel: .energyImport, ownerKind: "plant", ownerIds: [site.grid.meter], from: from, to: to)
            let gridOut = try await reader.intervalTotals(
                channel: .energyExport, ownerKind: "plant", ownerIds: [site.grid.meter], from: from, to: to)
            let pumpElectric = try await reader.intervalTotals(
                channel: .heatPumpElectricity, ownerKind: "plant", ownerIds: pumps, from: from, to: to)
            let pumpHeat = try await reader.intervalTotals(
                channel: .heatPumpHeat, ownerKind: "plant", ownerIds: pumps, from: from, to: to)
            let pumpCold = try await reader.intervalTotals(
                channel: "heatpump.cooling", ownerKind: "plant", ownerIds: pumps, from: from, to: to)
            // Levels are stored at each interval's end; the one before `from` gives the first change.
            let battery = try await reader.intervalTotals(
                channel: .essStateOfCharge, ownerKind: "plant", ownerIds: [site.ess.device], from: from - step, to: to)
            let hot = try await reader.intervalTotals(
                channel: .tankHeat, ownerKind: "plant", ownerIds: [site.heatPlant.tankSensor], from: from - step, to: to
            )
            let cold = try await reader.intervalTotals(
                channel: "tank.cold", ownerKind: "plant", ownerIds: [site.heatPlant.tankSensor], from: from - step,
                to: to)
            let outdoor = try await reader.outdoorTemperatures(from: from, to: to)

            var load: [Int64: Double] = [:]
            var heat: [Int64: Double] = [:]
            var cooling: [Int64: Double] = [:]
            let hours = Double(step) / 3600
            for (start, imported) in gridIn {
                guard let exported = gridOut[start], let end = battery[start], let begin = battery[start - step] else {
                    continue
                }
                let change = Double(end - begin)
                let batteryAC =
                    change > 0 ? -change / site.ess.chargeEfficiency : -change * site.ess.dischargeEfficiency
                let value =
                    Double(imported - exported) + Double(pv[start] ?? 0) - Double(pumpElectric[start] ?? 0) + batteryAC
                load[start] = max(0, value)
            }
            for (start, end) in hot {
                guard let begin = hot[start - step], start >= from else { continue }
                let loss = Double(begin) * site.heatPlant.hotTank.standingLossPctPerHour / 100 * hours
                heat[start] = max(0, Double(pumpHeat[start] ?? 0) - Double(end - begin) - loss)
            }
            for (start, end) in cold {
                guard let begin = cold[start - step], start >= from else { continue }
                let loss = Double(begin) * site.heatPlant.coldTank.standingLossPctPerHour / 100 * hours
                cooling[start] = max(0, Double(pumpCold[start] ?? 0) - Double(end - begin) - loss)
            }
            return SiteHistory(
                pv: IntervalSeries(valuesWh: pv.mapValues(Double.init)), load: IntervalSeries(valuesWh: load),
                heatDemand: IntervalSeries(valuesWh: heat), coolingDemand: IntervalSeries(valuesWh: cooling),
                outdoorTemperature: TemperatureSeries(stepSeconds: step, celsius: outdoor))
        } catch {
            throw DispatchControlError(.history, subject: reader.path, "\(error)")
        }
    }
}
