import ArgumentParser
import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Foundation
import Logging
import Site
import Tariffs
import VillageDemo

/// `village dispatch simulate --days N --strategy NAME --season summer|winter`: the simulated village,
/// the collector and the dispatch controller in lock step over Modbus; cost from the ground truth.
struct DispatchSimulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the controller against the simulated village over Modbus and price the ground truth.",
        discussion: """
            Three warm-up days with the devices on their own controllers fill a fresh database with \
            history; then every 15 minutes the controller forecasts from it, plans with the strategy, \
            and writes the first step through the safety clamp to the battery and heat pumps. Cost is \
            the simulator's grid import and export priced by the tariff, less the value of the energy \
            the battery and tanks gained.
            """
    )

    @Option(help: "Simulated days to measure (after the warm-up).")
    var days = 7

    @Option(help: "Strategy: none, self-consumption, tou-rules or optimal.")
    var strategy: String

    @Option(help: "Season: summer (week from 2025-08-04) or winter (week from 2025-01-13).")
    var season: String

    @Option(help: "Import tariff name.")
    var tariff = "kepco-industrial-eul-high-voltage-a-option-1"

    @Option(name: .customLong("export-tariff"), help: "Tariff pricing exports where the import tariff pays nothing ('none': no export revenue).")
    var exportTariff = "smp-export"

    @Option(name: .customLong("tariffs-dir"), help: "Directory of tariff files.")
    var tariffsDirectory = "Tariffs"

    @Option(help: "Site file (YAML).")
    var site = "Firmware-Sim/sites/default.yaml"

    @Option(help: "Directory of device profiles.")
    var meters = ProcessInfo.processInfo.environment["VILLAGE_METERS"] ?? "Meters"

    @Option(help: "Database to create (default: a temporary file, removed afterwards).")
    var db: String?

    @Option(name: .customLong("horizon-hours"), help: "Planning horizon, hours (1–48). Default: the site file's dispatch.horizonHours (24).")
    var horizonHours: Int?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard (1...366).contains(days) else { throw ValidationError("--days must be 1–366, is \(days)") }
        guard StrategyName(rawValue: strategy) != nil else {
            throw ValidationError("--strategy: unknown '\(strategy)'; known: \(StrategyName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard Self.seasonStart(season) != nil else { throw ValidationError("--season must be summer or winter, is '\(season)'") }
        if let horizonHours, !(1...48).contains(horizonHours) { throw ValidationError("--horizon-hours must be 1–48, is \(horizonHours)") }
    }

    /// Local midnight (UTC+9) of the first day of the season's week, UTC Unix seconds.
    static func seasonStart(_ season: String) -> Int64? {
        switch season {
        case "summer": 1_754_233_200  // 2025-08-04T00:00+09:00, a Monday
        case "winter": 1_736_694_000  // 2025-01-13T00:00+09:00, a Monday
        default: nil
        }
    }

    func run() async throws {
        let library = TariffLibrary(directory: tariffsDirectory)
        let village = try Site.load(path: site)
        var controller = try DispatchControllerConfiguration(
            settings: village.dispatch, tariff: try library.tariff(named: tariff),
            exportTariff: exportTariff == "none" ? nil : try library.tariff(named: exportTariff))
        controller.strategy = try StrategyName(parsing: strategy)
        if let horizonHours { controller.horizonSteps = horizonHours * 4 }
        let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("village-dispatch-\(UUID().uuidString).sqlite").path
        defer { if db == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
        let configuration = DispatchSimulation.Configuration(
            site: village, profiles: try ProfileLibrary(directory: URL(fileURLWithPath: meters)),
            start: Self.seasonStart(season) ?? 0, days: days, databasePath: path, controller: controller)
        var logger = Logger(label: "village.dispatch")
        logger.logLevel = .critical
        let report = try await DispatchSimulation.run(configuration, logger: logger)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print("Simulated village, \(season), \(days) day(s), strategy \(strategy), tariff \(tariff)\(exportTariff == "none" ? "" : " + \(exportTariff)")")
        print(String(format: "  cost ₩%@ (grid ₩%@, stored energy gained ₩%@: battery %+.0f kWh, hot tank %+.0f kWh, cold tank %+.0f kWh)",
                     grouped(report.costWon), grouped(report.gridCostWon), grouped(report.storedEnergyGainWon),
                     report.batteryGainKWh, report.hotTankGainKWh, report.coldTankGainKWh))
        print(String(format: "  import %.0f kWh, export %.0f kWh, peak %.0f kW; battery charged %.0f / discharged %.0f kWh; heat pumps %.0f kWh; unmet heat/cold %.1f kWh",
                     report.importKWh, report.exportKWh, report.peakImportKW, report.batteryChargedKWh, report.batteryDischargedKWh,
                     report.heatPumpKWh, report.unmetThermalKWh))
        print("  control steps \(report.controlSteps), failed \(report.failedSteps), unverified \(report.unverifiedSteps); commands \(report.commandsWritten), clamped \(report.commandsClamped)")
        if let failure = report.firstFailure { print("  first failure: \(failure)") }
        let accuracy = report.forecastAccuracy
        for (name, value) in [("PV", accuracy.pv), ("load", accuracy.load), ("heat", accuracy.heatDemand), ("cooling", accuracy.coolingDemand)] {
            print(String(format: "  forecast %@: MAE %.0f Wh/step (%.0f %% of mean %.0f), bias %+.0f Wh/step over %d steps",
                         name, value.meanAbsoluteErrorWh, value.relativeMeanAbsoluteError * 100, value.measuredMeanWh, value.biasWh, value.comparedSteps))
        }
        print(String(format: "  wall time %.0f s", report.wallSeconds))
    }

    private func grouped(_ won: Double) -> String {
        let rounded = Int64(won.rounded())
        return (rounded < 0 ? "-" : "") + TariffFormatting.grouped(String(abs(rounded)))
    }
}
