import ArgumentParser
import DispatchControl
import EnergyDispatch
import Foundation
import Logging
import Site
import Tariffs
import VillageCore
import VillageDemo

/// `village dispatch simulate --from-store DB --from DATE --to DATE [--strategy NAME]`: a recorded
/// period replayed under each strategy (`StoreReplay`), beside what the grid meter recorded.
extension DispatchSimulateCommand {
    func validateReplay(database: String) throws {
        guard season == nil, days == nil else {
            throw ValidationError(
                "--from-store replays --from to --to of the database; --season and --days do not apply")
        }
        guard !modbus, db == nil else {
            throw ValidationError("--from-store replays the recorded period; --modbus and --db do not apply")
        }
        guard from != nil, to != nil else { throw ValidationError("--from-store needs --from DATE and --to DATE") }
        _ = try replayPeriod()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: database, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ValidationError("--from-store: \(database) is not a database file")
        }
    }

    /// [--from, --to) as UTC Unix seconds of local midnights.
    func replayPeriod() throws -> (from: Int64, to: Int64) {
        guard let from, let start = DemoCommand.localMidnight(from) else {
            throw ValidationError("--from: '\(from ?? "")' is not a date like 2025-08-04")
        }
        guard let to, let end = DemoCommand.localMidnight(to) else {
            throw ValidationError("--to: '\(to ?? "")' is not a date like 2025-08-11")
        }
        let days = (end - start) / TimeGrid.daySeconds
        guard (1...366).contains(days) else {
            throw ValidationError("--from \(from) to --to \(to) must span 1–366 days, spans \(days)")
        }
        return (start, end)
    }

    func replay(database: String) async throws {
        let period = try replayPeriod()
        let profiles = try meters.loadProfiles()
        let loaded = try site.loadSite(profiles: profiles)
        var controller = try DispatchControllerConfiguration(
            settings: loaded.dispatch, tariff: try tariffs.importTariff(), exportTariff: try tariffs.exportPrices())
        if let horizonHours { controller.horizonSteps = horizonHours * 4 }
        var logger = Logger(label: "village.dispatch")
        logger.logLevel = .critical
        let strategies = strategy.map { [$0] } ?? StrategyName.allCases
        let configuration = StoreReplay.Configuration(
            site: loaded, profiles: profiles, databasePath: database, from: period.from, to: period.to,
            controller: controller, strategies: strategies)
        let bar: SimulationProgressBar? = progress || isatty(STDERR_FILENO) == 1 ? SimulationProgressBar() : nil
        let report: StoreReplayReport
        do {
            report = try await StoreReplay.run(configuration, logger: logger) { progress in
                guard progress.day > 0 else {
                    bar?.began(strategy: progress.strategy.rawValue + " (replay)", days: progress.days)
                    return
                }
                bar?.advanced(
                    strategy: progress.strategy.rawValue + " (replay)", day: progress.day, days: progress.days)
            }
            bar?.finished()
        } catch let error as StoreReplayError {
            bar?.finished()
            throw CommandError(error.description)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print(
            "Replay of \(database), \(from ?? "") to \(to ?? "") (\(report.steps) intervals), tariff \(tariffs.tariff)"
                + (tariffs.exportTariff == "none" ? "" : " + \(tariffs.exportTariff)"))
        print(
            "  recorded: PV \(kWh(report.pvKWh)), load \(kWh(report.loadKWh)), "
                + (report.thermalRecorded
                    ? "heat \(kWh(report.heatDemandKWh)), cooling \(kWh(report.coolingDemandKWh))"
                    : "heat and cooling not recorded (replayed as none)")
                + String(format: "; heat-pump COP %.2f heating, %.2f cooling", report.heatingCOP, report.coolingCOP))
        print(
            "  start: battery \(kWh(report.initialBatteryKWh)), hot tank \(kWh(report.initialHotTankKWh)), "
                + "cold tank \(kWh(report.initialColdTankKWh))")
        let header = ["", "energy cost", "saving", "import", "export", "peak", "battery Δ", "heat pumps"]
        var rows = [header]
        rows.append(
            ["recorded"] + gridCells(report.recorded, saving: nil) + [
                String(format: "%+.0f kWh", report.recordedBatteryGainKWh), "—",
            ])
        for outcome in report.strategies {
            rows.append(
                [outcome.strategy.rawValue] + gridCells(outcome.grid, saving: outcome.savingAgainstRecordedWon) + [
                    String(format: "%+.0f kWh", outcome.batteryGainKWh), kWh(outcome.heatPumpKWh),
                ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let line = row.indices.map { column in
                let pad = String(repeating: " ", count: widths[column] - row[column].count)
                return column == 0 ? row[column] + pad : pad + row[column]
            }.joined(separator: "  ")
            print("  " + line)
        }
        print(
            String(
                format: "  tanks at the end against the start, kWh: recorded hot %+.0f, cold %+.0f; ",
                report.recordedHotTankGainKWh, report.recordedColdTankGainKWh)
                + report.strategies.map {
                    String(
                        format: "%@ hot %+.0f, cold %+.0f", $0.strategy.rawValue, $0.hotTankGainKWh, $0.coldTankGainKWh)
                }.joined(separator: "; "))
        for outcome in report.strategies where outcome.unservedKWh > 0.5 {
            print("  \(outcome.strategy.rawValue): left \(kWh(outcome.unservedKWh)) of load or heat unserved")
        }
        for outcome in report.strategies where outcome.failedSteps > 0 {
            print(
                "  \(outcome.strategy.rawValue): \(outcome.failedSteps) plan(s) failed and fell back to the safe state; "
                    + "first: \(outcome.firstFailure ?? "?")")
        }
    }

    private func gridCells(_ grid: StoreReplayReport.Grid, saving: Double?) -> [String] {
        [
            won(grid.energyCostWon), saving.map(won) ?? "—", kWh(grid.importKWh), kWh(grid.exportKWh),
            String(format: "%.0f kW", grid.peakImportKW),
        ]
    }

    private func kWh(_ value: Double) -> String {
        (value < 0 ? "-" : "") + TariffFormatting.grouped(String(Int64(abs(value).rounded()))) + " kWh"
    }

    private func won(_ value: Double) -> String {
        let rounded = Int64(value.rounded())
        return (rounded < 0 ? "-₩" : "₩") + TariffFormatting.grouped(String(abs(rounded)))
    }
}
