import ArgumentParser
import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Foundation
import Logging
import Site
import Tariffs
import VillageCore
import VillageDemo

/// `village dispatch simulate --strategy NAME (--season summer|winter [--days N] | --from DATE --to DATE)`:
/// the dispatch controller driving the simulated village (in process by default, or with `--modbus`
/// through the collector, the store and Modbus in lock step); cost from the ground truth, and the
/// saving against `none` on the same days. With `--from-store DB --from DATE --to DATE`: a recorded
/// period of a village database replayed under each strategy, beside what the village did pay.
struct DispatchSimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the controller against the simulated village and price the ground truth.",
        discussion: """
            Three warm-up days with the devices on their own controllers give the controller its \
            history; then every 15 minutes it forecasts from the last 22 days, plans with the strategy, \
            and sends the first step through the safety clamp to the battery and heat pumps. By default \
            the controller drives the simulator's physics in process (a week takes seconds); with \
            --modbus the collector polls every device into a fresh database and the controller reads \
            and writes the devices over Modbus, as `village run` does (minutes per simulated day). \
            Cost is the simulator's grid import and export priced by the tariff, less the value of the \
            energy the battery and tanks gained. On a terminal (or with --progress) a progress bar on \
            stderr shows the simulated days of each strategy run and the time left; stdout stays clean.

            With --from-store DB --from DATE --to DATE, no simulator runs: the recorded load, PV and \
            heat and cooling demand of that period of the village database (opened read-only) are \
            replayed under every strategy (or the one given with --strategy), each forecasting only from \
            what had been recorded before each step, and the grid energy each would have drawn is priced \
            by the tariff beside what the grid meter recorded. A period with missing intervals is \
            refused, naming them: gaps are neither filled nor skipped.
            """
    )

    @Option(help: "Simulated days to measure after the warm-up, with --season (default 7).")
    var days: Int?

    @Option(help: "Dispatch strategy (required, except with --from-store, which replays every strategy by default).")
    var strategy: StrategyName?

    @Option(
        name: .customLong("from-store"),
        help: "Replay the recorded period --from to --to of this village database (read-only) instead of simulating.")
    var fromStore: String?

    @Option(help: "Season: summer (week from 2025-08-04) or winter (week from 2025-01-13); or give --from and --to.")
    var season: SyntheticVillage.Season?

    @Option(help: "First simulated day, local date (YYYY-MM-DD), instead of --season.")
    var from: String?

    @Option(help: "End of the simulated days (exclusive), local date (YYYY-MM-DD); with --from.")
    var to: String?

    @Flag(inversion: .prefixedNo, help: "Also run strategy none on the same days and report the saving against it.")
    var baseline = true

    @OptionGroup var tariffs: DispatchTariffOptions

    @OptionGroup var site: SiteOptions

    @OptionGroup var meters: MetersOptions

    @Flag(
        help: "Go through the collector, a database and Modbus in lock step instead of driving the physics in process.")
    var modbus = false

    @Option(help: "Database to create with --modbus (default: a temporary file, removed afterwards).")
    var db: String?

    @Option(
        name: .customLong("horizon-hours"),
        help: "Planning horizon, hours (1–48). Default: the site file's dispatch.horizonHours (24).")
    var horizonHours: Int?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(
        help: "Draw the progress bar on stderr even when stderr is not a terminal (it is drawn on a terminal anyway).")
    var progress = false

    func validate() throws {
        if let fromStore {
            try validateReplay(database: fromStore)
            return
        }
        guard strategy != nil else { throw ValidationError("--strategy is required (except with --from-store)") }
        _ = try span()
        if db != nil && !modbus {
            throw ValidationError("--db goes with --modbus (the in-process run has no database)")
        }
        if let horizonHours, !(1...48).contains(horizonHours) {
            throw ValidationError("--horizon-hours must be 1–48, is \(horizonHours)")
        }
    }

    /// The measured days: a season's week, or [--from, --to) in local dates.
    func span() throws -> (start: Int64, days: Int, label: String) {
        switch (season, from, to) {
        case (let season?, nil, nil):
            let start = Self.seasonStart(season)
            let days = days ?? 7
            guard (1...366).contains(days) else { throw ValidationError("--days must be 1–366, is \(days)") }
            return (start, days, "\(season.rawValue), \(days) day(s)")
        case (nil, let from?, let to?):
            guard days == nil else { throw ValidationError("--days goes with --season; --from and --to give the days") }
            guard let start = DemoCommand.localMidnight(from) else {
                throw ValidationError("--from: '\(from)' is not a date like 2025-08-04")
            }
            guard let end = DemoCommand.localMidnight(to) else {
                throw ValidationError("--to: '\(to)' is not a date like 2025-08-11")
            }
            let days = Int((end - start) / TimeGrid.daySeconds)
            guard (1...366).contains(days) else {
                throw ValidationError("--from \(from) to --to \(to) must span 1–366 days, spans \(days)")
            }
            return (start, days, "\(from) to \(to)")
        case (nil, nil, nil):
            throw ValidationError("give --season summer|winter, or --from DATE --to DATE")
        case (nil, _, _):
            throw ValidationError("--from and --to go together")
        default:
            throw ValidationError("give either --season or both --from and --to, not a mix")
        }
    }

    /// Local midnight (UTC+9) of the first day of the season's week, UTC Unix seconds.
    static func seasonStart(_ season: SyntheticVillage.Season) -> Int64 {
        switch season {
        case .summer: 1_754_233_200  // 2025-08-04T00:00+09:00, a Monday
        case .winter: 1_736_694_000  // 2025-01-13T00:00+09:00, a Monday
        }
    }

    /// The run, and the `none` run on the same days when asked, with the saving against it.
    struct Output: Encodable {
        var report: DispatchSimulation.Report
        var baseline: DispatchSimulation.Report?
        var savingsAgainstNoneWon: Double?
        var savingsAgainstNonePercent: Double?
    }

    func run() async throws {
        if let fromStore { return try await replay(database: fromStore) }
        guard let strategy else { throw ValidationError("--strategy is required (except with --from-store)") }
        let span = try span()
        let profiles = try meters.loadProfiles()
        let loaded = try site.loadSite(profiles: profiles)
        var controller = try DispatchControllerConfiguration(
            settings: loaded.dispatch, tariff: try tariffs.importTariff(), exportTariff: try tariffs.exportPrices())
        controller.strategy = strategy
        if let horizonHours { controller.horizonSteps = horizonHours * 4 }
        var logger = Logger(label: "village.dispatch")
        logger.logLevel = .critical
        let bar: SimulationProgressBar? = progress || isatty(STDERR_FILENO) == 1 ? SimulationProgressBar() : nil
        defer { bar?.finished() }

        func simulate(_ controller: DispatchControllerConfiguration, db: String?) async throws
            -> DispatchSimulation.Report
        {
            bar?.began(
                strategy: controller.strategy.rawValue + (modbus ? " (over Modbus)" : ""), days: span.days)
            guard modbus else {
                let configuration = DispatchSimulation.Configuration(
                    site: loaded, profiles: profiles, start: span.start, days: span.days, databasePath: "",
                    controller: controller)
                return try await InProcessDispatchSimulation.run(configuration, logger: logger) { progress in
                    bar?.advanced(strategy: progress.strategy.rawValue, day: progress.day, days: progress.days)
                }
            }
            let path =
                db
                ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                    "village-dispatch-\(UUID().uuidString).sqlite"
                ).path
            defer {
                if db == nil {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
            }
            let configuration = DispatchSimulation.Configuration(
                site: loaded, profiles: profiles, start: span.start, days: span.days, databasePath: path,
                controller: controller)
            return try await DispatchSimulation.run(configuration, logger: logger) { step in
                guard (step.at - span.start) % TimeGrid.daySeconds == 0 else { return }
                let daysDone = (step.at - span.start) / TimeGrid.daySeconds
                bar?.advanced(
                    strategy: controller.strategy.rawValue + " (over Modbus)", day: Int(daysDone), days: span.days)
            }
        }
        let report = try await simulate(controller, db: db)
        var output = Output(report: report)
        if baseline && controller.strategy != .none {
            var none = controller
            none.strategy = .none
            let reference = try await simulate(none, db: nil)
            output.baseline = reference
            output.savingsAgainstNoneWon = reference.costWon - report.costWon
            output.savingsAgainstNonePercent =
                reference.costWon != 0 ? (reference.costWon - report.costWon) / abs(reference.costWon) * 100 : nil
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
            return
        }
        print(
            "Simulated village, \(span.label), strategy \(strategy.rawValue), tariff \(tariffs.tariff)\(tariffs.exportTariff == "none" ? "" : " + \(tariffs.exportTariff)")"
        )
        print(
            String(
                format:
                    "  cost ₩%@ (grid ₩%@, stored energy gained ₩%@: battery %+.0f kWh, hot tank %+.0f kWh, cold tank %+.0f kWh)",
                grouped(report.costWon), grouped(report.gridCostWon), grouped(report.storedEnergyGainWon),
                report.batteryGainKWh, report.hotTankGainKWh, report.coldTankGainKWh))
        if let reference = output.baseline, let saving = output.savingsAgainstNoneWon {
            print(
                String(
                    format: "  against none (₩%@ on the same days): saves ₩%@%@", grouped(reference.costWon),
                    grouped(saving),
                    output.savingsAgainstNonePercent.map { String(format: " (%.1f %%)", $0) } ?? ""))
        }
        print(
            String(
                format: "  import %.0f kWh, export %.0f kWh, peak %.0f kW; PV %.0f kWh, %.0f %% used in the village",
                report.importKWh, report.exportKWh, report.peakImportKW, report.pvKWh, report.selfConsumption * 100))
        print(
            String(
                format: "  battery charged %.0f / discharged %.0f kWh, %.2f equivalent full cycles",
                report.batteryChargedKWh, report.batteryDischargedKWh, report.equivalentFullCycles))
        let byPeriod = report.heatPumpKWhByPeriod.sorted { $0.key < $1.key }.map {
            String(format: "%@ %.0f", $0.key, $0.value)
        }
        print(
            String(
                format: "  heat pumps %.0f kWh (by tariff period, kWh: %@); unmet heat/cold %.1f kWh",
                report.heatPumpKWh, byPeriod.isEmpty ? "none" : byPeriod.joined(separator: ", "), report.unmetThermalKWh
            ))
        print(
            "  control steps \(report.controlSteps), failed \(report.failedSteps), unverified \(report.unverifiedSteps); commands \(report.commandsWritten), clamped \(report.commandsClamped)"
        )
        if let failure = report.firstFailure { print("  first failure: \(failure)") }
        let accuracy = report.forecastAccuracy
        for (name, value) in [
            ("PV", accuracy.pv), ("load", accuracy.load), ("heat", accuracy.heatDemand),
            ("cooling", accuracy.coolingDemand),
        ] {
            print(
                String(
                    format: "  forecast %@: MAE %.0f Wh/step (%.0f %% of mean %.0f), bias %+.0f Wh/step over %d steps",
                    name, value.meanAbsoluteErrorWh, value.relativeMeanAbsoluteError * 100, value.measuredMeanWh,
                    value.biasWh, value.comparedSteps))
        }
        print(String(format: "  wall time %.0f s", report.wallSeconds + (output.baseline?.wallSeconds ?? 0)))
    }

    private func grouped(_ won: Double) -> String {
        let rounded = Int64(won.rounded())
        return (rounded < 0 ? "-" : "") + TariffFormatting.grouped(String(abs(rounded)))
    }
}
