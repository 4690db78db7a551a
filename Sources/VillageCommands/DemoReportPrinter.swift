import Foundation
import VillageDemo

/// The demo's summary, for a person.
struct DemoReportPrinter {
    let report: DemoReport

    func print() {
        let truth = report.truth
        let metering = report.metering
        Swift.print("")
        Swift.print("Energy (simulator's ground truth)")
        row("PV produced", kWh(truth.pvWh), "of which on the homes' roofs \(kWh(truth.roofPVWh))")
        row("Homes consumed", kWh(truth.householdConsumptionWh))
        row("Heat pumps used", kWh(truth.heatPumpElectricityWh))
        row("Public buildings", kWh(truth.publicBuildingsWh))
        row("Grid import", kWh(truth.gridImportWh))
        row("Grid export", kWh(truth.gridExportWh))
        let demand = truth.householdConsumptionWh + truth.heatPumpElectricityWh + truth.publicBuildingsWh
        row(
            "Self-sufficiency", percent(demand - truth.gridImportWh, of: demand),
            "of the village's demand met without the grid")
        row(
            "Self-consumption", percent(truth.pvWh - truth.gridExportWh, of: truth.pvWh),
            "of the PV used in the village")
        printDispatch()
        Swift.print("")
        Swift.print("Metering (what the platform recorded over Modbus)")
        row(
            "Devices polled",
            "\(metering.devices) devices, \(metering.deviceReads) reads, \(metering.failedReads) failed")
        row(
            "Household intervals",
            "\(metering.intervalsMeasured) measured, \(metering.intervalsEstimated) estimated, \(metering.intervalsMissing) missing"
        )
        row("Recorded PV", kWh(metering.recordedPVWh), "homes' roofs, measured intervals")
        row("Recorded consumption", kWh(metering.recordedConsumptionWh), "homes, measured intervals")
        row(
            "Against the truth",
            "\(metering.comparedIntervals) intervals compared, largest difference \(metering.largestDeviationWh) Wh")
        let market = report.market
        Swift.print("")
        Swift.print("Market (neighbours trading surplus PV, settled every 15 minutes)")
        row(
            "Intervals settled", "\(market.intervalsSettled)",
            "\(market.transactions) ledger transactions, hash chain \(market.ledgerVerified ? "verified" : "BROKEN")")
        row(
            "Traded", kWh(market.tradedWh),
            "for \(won(market.tradedMilliWon)) between neighbours and the shared battery")
        if market.storageSoldToNeighboursWh + market.storageBoughtFromNeighboursWh + market.storageGridImportWh
            + market.storageGridExportWh > 0
        {
            row(
                "Shared battery", "sold \(kWh(market.storageSoldToNeighboursWh))",
                "charged \(kWh(market.storageChargedFromSharedPVWh)) from the shared PV, bought \(kWh(market.storageBoughtFromNeighboursWh)) from homes, "
                    + "\(kWh(market.storageGridImportWh)) from the grid; "
                    + "exported \(kWh(market.storageGridExportWh)); operator's balance \(won(market.storageBalanceMilliWon))"
            )
        }
        let saved = won(market.gridOnlyCostMilliWon - market.householdsCostMilliWon)
        if market.householdsCostMilliWon < 0 {
            row(
                "Homes earned", won(-market.householdsCostMilliWon),
                "net of their bills; grid-only they would have earned \(won(-market.gridOnlyCostMilliWon)) (\(saved) better off)"
            )
        } else {
            row(
                "Homes paid", won(market.householdsCostMilliWon),
                "net; grid-only they would have paid \(won(market.gridOnlyCostMilliWon)) (\(saved) saved)")
        }
        Swift.print("Largest balances")
        for balance in market.balances.prefix(5) {
            row(
                "  home \(balance.unit)", won(balance.balanceMilliWon),
                "sold \(kWh(balance.soldToNeighboursWh)) to neighbours, saved \(won(balance.savingsMilliWon))")
        }
        let sorted = report.households.sorted { $0.netWh > $1.netWh }
        Swift.print("")
        Swift.print("Largest surpluses (PV − consumption)")
        for line in sorted.prefix(3) {
            row("  home \(line.unit)", signedKWh(line.netWh), "PV \(kWh(line.pvWh)), used \(kWh(line.consumptionWh))")
        }
        Swift.print("Largest deficits")
        for line in sorted.suffix(2).reversed() {
            row("  home \(line.unit)", signedKWh(line.netWh), "PV \(kWh(line.pvWh)), used \(kWh(line.consumptionWh))")
        }
        Swift.print("")
        Swift.print(
            String(format: "Done in %.1f s. The database is %@. Try next:", report.wallSeconds, report.databasePath))
        let first = market.balances.first?.unit ?? "101"
        Swift.print("  village balance --db \(report.databasePath) --household \(first)")
        Swift.print("  village trades --db \(report.databasePath) --household \(first)")
        Swift.print("  village ledger verify --db \(report.databasePath)")
        Swift.print("  village devices --db \(report.databasePath)")
        Swift.print("  village status --db \(report.databasePath)")
        let end = LocalTime.format(report.start + Int64(report.hours) * 3600).prefix(16)
        Swift.print("  village dispatch plan --db \(report.databasePath) --at \(end)")
        Swift.print(
            "  village export --db \(report.databasePath) --from \(LocalTime.format(report.start).prefix(10)) --to \(LocalTime.format(report.start + Int64(report.hours) * 3600 + 86_399).prefix(10)) --what all --resolution 1h --format csv --out out/export"
        )
    }

    private func printDispatch() {
        let truth = report.truth
        let dispatch = report.dispatch
        Swift.print("")
        if let strategy = dispatch.strategy {
            Swift.print("Plant dispatch (strategy \(strategy), re-planned every 15 minutes, commanded over Modbus)")
            row(
                "Control steps", "\(dispatch.controlSteps)",
                "\(dispatch.failedSteps) failed, \(dispatch.unverifiedSteps) unverified; \(dispatch.commandsWritten) setpoints written, \(dispatch.commandsClamped) clamped"
            )
        } else {
            Swift.print("Plant (dispatch off: the battery idles, the heat pumps follow their own thermostats)")
        }
        let cycles = truth.storageUsableWh > 0 ? Double(truth.storageDischargedWh) / Double(truth.storageUsableWh) : 0
        row(
            "Battery", "charged \(kWh(truth.storageChargedWh)), discharged \(kWh(truth.storageDischargedWh))",
            String(format: "%.2f equivalent full cycles", cycles))
        row(
            "Evening discharge", kWh(truth.storageEveningDischargedWh),
            "\(percent(truth.storageEveningDischargedWh, of: truth.storageDischargedWh)) of the discharge, 17:00–22:00")
        row(
            "Heat pumps", kWh(truth.heatPumpElectricityWh),
            "\(kWh(truth.heatPumpNightWh)) (\(percent(truth.heatPumpNightWh, of: truth.heatPumpElectricityWh))) at night 22–08, \(kWh(truth.heatPumpElectricityWh - truth.heatPumpNightWh)) by day"
        )
        if !dispatch.heatPumpWhByPeriod.isEmpty {
            let order = ["light", "mid", "peak"]
            let periods = dispatch.heatPumpWhByPeriod.keys.sorted {
                (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1)
            }
            row(
                "  by tariff period",
                periods.map { "\($0) \(kWh(dispatch.heatPumpWhByPeriod[$0] ?? 0))" }.joined(separator: ", "),
                "at the plant tariff")
        }
        let cop =
            truth.heatPumpElectricityWh > 0
            ? String(format: "%.2f", Double(truth.heatPumpThermalWh) / Double(truth.heatPumpElectricityWh)) : "–"
        row("  COP achieved", cop, "heat and cold into the tanks ÷ heat-pump electricity")
        row(
            "Tanks",
            "hot \(kWh(truth.hotTankStartWh)) → \(kWh(truth.hotTankEndWh)), cold \(kWh(truth.coldTankStartWh)) → \(kWh(truth.coldTankEndWh))",
            "unmet heat and cooling \(kWh(truth.unmetThermalWh))")
        if let bill = dispatch.plantGridCostMilliWon, let gridOnly = dispatch.gridOnlyCostMilliWon {
            row(
                "Village grid bill", won(bill),
                "at the plant tariff; \(won(gridOnly)) if all demand came from the grid (no PV, no battery)")
        }
        printForecastErrors()
        if let failure = dispatch.firstFailure { row("First failure", failure) }
    }

    /// The stored errors of the forecasts the plans were built on, per whole day of the run.
    private func printForecastErrors() {
        guard report.dispatch.strategy != nil else { return }
        let days = ForecastErrorDay.days(report.dispatch.forecastErrors)
        guard !days.isEmpty else {
            row("Forecast errors", "none", "stored for each whole local day of the run; this run ended within one")
            return
        }
        let steps = days.compactMap { $0.pv?.comparedSteps }.max() ?? 0
        row(
            "Forecast errors", "MAE per 15-min step",
            "of every plan's forecast against the recorded interval (share of the recorded mean), "
                + "up to \(TariffFormatting.grouped(String(steps))) steps a day")
        for day in days { Swift.print("    \(day.line)") }
    }

    private func row(_ label: String, _ value: String, _ note: String = "") {
        let padded = label.padding(toLength: 22, withPad: " ", startingAt: 0)
        let column = value.count < 14 ? value.padding(toLength: 14, withPad: " ", startingAt: 0) : value + "  "
        Swift.print("  \(padded)\(column)\(note)")
    }

    private func won(_ milli: Int64) -> String {
        let whole = milli / 1000
        let digits = String(abs(whole))
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(character)
        }
        return (whole < 0 ? "-₩" : "₩") + grouped
    }

    private func kWh(_ wh: Int64) -> String { String(format: "%.1f kWh", Double(wh) / 1000) }
    private func signedKWh(_ wh: Int64) -> String { String(format: "%+.1f kWh", Double(wh) / 1000) }
    private func percent(_ part: Int64, of whole: Int64) -> String {
        whole == 0 ? "–" : String(format: "%.0f %%", 100 * Double(part) / Double(whole))
    }
}
