import ArgumentParser
import EnergyDispatch
import Foundation
import Tariffs

/// `village dispatch compare --tariff NAME --days N --season summer|winter`: every strategy through
/// the same MPC backtest on a seeded synthetic village (see `SyntheticVillage`), cost and savings.
struct DispatchCompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run none, self-consumption, tou-rules and optimal on a synthetic village and compare costs."
    )

    @Option(help: "Import tariff name (a file in the tariffs directory).")
    var tariff: String

    @Option(
        name: .customLong("export-tariff"),
        help: "Tariff pricing exports where the import tariff pays nothing ('none' for no export revenue).")
    var exportTariff = "smp-export"

    @OptionGroup var tariffs: TariffsDirectoryOptions

    @Option(help: "Days to simulate (1–366).")
    var days = 7

    @Option(help: "Season of the synthetic week: summer (from 2024-08-05) or winter (from 2024-01-15).")
    var season: SyntheticVillage.Season

    @Option(help: "Seed of the synthetic weather and load.")
    var seed: UInt64 = 1

    @Option(help: "Solver library for optimal.")
    var solver = SolverKind.clp

    @Option(name: .customLong("horizon-hours"), help: "MPC planning horizon, hours (24–48).")
    var horizonHours = 24

    @Option(
        name: .customLong("demand-charge"), help: "Demand charge on the peak 15-minute import, won per kW (0: none).")
    var demandChargeWonPerKW: Double = 0

    @Option(
        name: .customLong("heat-pumps"),
        help: ArgumentHelp(
            "How the heat pumps run: dispatched (the plans shift their energy through the tanks) or follow-demand.",
            discussion: """
                follow-demand: the heat pumps serve the heat and cooling demand as it comes, their \
                electricity (demand ÷ COP) joins the load and the tanks leave the plan, so only the \
                battery is dispatched; the problem an optimiser without a tank model solves too.
                """))
    var heatPumps = HeatPumpDispatch.dispatched

    @Option(
        name: .customLong("export-request"),
        help: "Also write the priced request the strategies ran on (series, prices, plant, initial state) as JSON.")
    var exportRequest: String?

    @Option(
        name: .customLong("export-plans"),
        help: "Also write every strategy's executed steps (Wh per step, stores at each step's end) as JSON.")
    var exportPlans: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        for (option, path) in [("--export-request", exportRequest), ("--export-plans", exportPlans)] {
            if let path, let problem = AtomicTextFile.problem(writing: path) {
                throw ValidationError("\(option): \(problem)")
            }
        }
        guard (1...366).contains(days) else { throw ValidationError("--days must be 1–366, is \(days)") }
        guard demandChargeWonPerKW >= 0, demandChargeWonPerKW.isFinite else {
            throw ValidationError("--demand-charge must be ≥ 0 won per kW")
        }
        guard (1...168).contains(horizonHours) else {
            throw ValidationError("--horizon-hours must be 1–168, is \(horizonHours)")
        }
    }

    func run() async throws {
        let library = tariffs.library
        let importTariff = try library.tariff(named: tariff)
        let exports = exportTariff == "none" ? nil : try library.tariff(named: exportTariff)
        var plant = PlantParameters()
        plant.demandChargeMilliWonPerKW = demandChargeWonPerKW * 1000
        var request = SyntheticVillage.request(season: season, days: days, seed: seed, plant: plant)
        let timeline = try request.price(with: importTariff, exportTariff: exports)
        if heatPumps == .followDemand { request = request.heatPumpsFollowingDemand() }
        let comparison = try StrategyComparison.run(
            request, horizonSteps: horizonHours * 4, solver: solver, periods: timeline.map(\.period))
        if let exportRequest {
            try AtomicTextFile.write(try jsonText(request) + "\n", to: exportRequest, option: "--export-request")
        }
        if let exportPlans {
            let plans = comparison.entries.compactMap(\.executed)
            try AtomicTextFile.write(try jsonText(plans) + "\n", to: exportPlans, option: "--export-plans")
        }
        if json { return try printJSON(comparison) }
        let start = InstantParser.format(comparison.startUnixSeconds, utcOffsetSeconds: importTariff.utcOffsetSeconds)
        print(
            "Synthetic village, \(season.rawValue), \(days) day(s) from \(start), seed \(seed); tariff \(importTariff.name)"
                + (exports.map { ", exports at \($0.name)" } ?? ""))
        print(
            "  PV \(kWh(comparison.pvKWh)), load \(kWh(comparison.loadKWh)), heat \(kWh(comparison.heatDemandKWh)), cooling \(kWh(comparison.coolingDemandKWh)) (thermal)"
        )
        print(
            "  MPC: re-plan every 15 min over \(horizonHours) h, \(comparison.solver.rawValue); costs include the value of stored energy gained"
                + (demandChargeWonPerKW > 0
                    ? " and a demand charge of \(won(demandChargeWonPerKW))/kW on the peak" : "")
                + (heatPumps == .followDemand ? "; heat pumps follow the demand (battery only)" : ""))
        let header = ["strategy", "cost", "savings", "import", "export", "peak", "self-use", "cycles", "heat pumps"]
        var rows = [header]
        for entry in comparison.entries {
            let cost = entry.cost
            rows.append([
                entry.strategy.rawValue, won(cost.totalWon),
                entry.strategy == .none
                    ? "—"
                    : "\(won(entry.savingsOverNoneWon)) (\(String(format: "%.1f", entry.savingsOverNoneFraction * 100)) %)",
                kWh(cost.importKWh), kWh(cost.exportKWh), String(format: "%.0f kW", cost.peakImportKW),
                String(format: "%.0f %%", cost.selfConsumptionFraction * 100),
                String(format: "%.2f", cost.equivalentFullCycles),
                cost.heatPumpKWhByPeriod.sorted { $0.key < $1.key }.map { "\($0.key) \(kWh($0.value))" }.joined(
                    separator: ", "),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            var line =
                "  "
                + row.indices.map { column in
                    let cell = row[column]
                    let pad = String(repeating: " ", count: widths[column] - cell.count)
                    return column == 0 || column == row.count - 1 ? cell + pad : pad + cell
                }.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            print(line)
        }
        for entry in comparison.entries where entry.cost.unservedKWh > 0.5 {
            print(
                "  \(entry.strategy.rawValue): left \(kWh(entry.cost.unservedKWh)) of load or thermal demand unserved (not priced): its cost is not comparable"
            )
        }
        for entry in comparison.entries where entry.failedPlans > 0 {
            print(
                "  \(entry.strategy.rawValue): \(entry.failedPlans) plan(s) failed and fell back to the safe state; first: \(entry.firstFailure ?? "?")"
            )
        }
    }

    private func kWh(_ value: Double) -> String {
        TariffFormatting.grouped(String(Int64(value.rounded()))) + " kWh"
    }

    private func won(_ value: Double) -> String {
        let rounded = Int64(value.rounded())
        return (rounded < 0 ? "-₩" : "₩") + TariffFormatting.grouped(String(abs(rounded)))
    }

    private func printJSON(_ value: some Encodable) throws {
        print(try jsonText(value))
    }

    private func jsonText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
