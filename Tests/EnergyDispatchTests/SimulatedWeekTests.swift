import DeviceProfiles
import DispatchControl
import EnergyDispatch
import FirmwareSim
import Foundation
import Logging
import Site
import Tariffs
import TestKit
import Testing
import VillageDemo

/// The whole loop against the simulator in lock step over Modbus (collector → store → forecasts →
/// plan → clamp → devices), priced from the ground truth. Two days in debug builds; the full weeks
/// are measured with the release CLI (`village dispatch simulate`, docs/dispatch.md).
@Suite(.serialized) struct SimulatedWeekTests {
    static func run(_ strategy: StrategyName, start: Int64) async throws -> DispatchSimulation.Report {
        var site = Site.default
        let homes: Set<String> = ["101", "102", "103", "104"]
        site.households = site.households.filter { homes.contains($0.unit) }
        site.devices = site.devices.filter { $0.household.map(homes.contains) ?? true }
        let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        var controller = DispatchControllerConfiguration(
            tariff: try tariffs.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
        controller.strategy = strategy
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = DispatchSimulation.Configuration(
            site: site, profiles: try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters")),
            start: start, days: 2, databasePath: directory.appendingPathComponent("sim.sqlite").path,
            controller: controller)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try await DispatchSimulation.run(configuration, logger: logger)
    }

    /// Winter (2025-01-13): optimal costs less than today's practice and than doing nothing, with
    /// every step planned, written and confirmed, and no heat demand left unmet.
    @Test func optimalCostsLessThanTouRulesOnTwoSimulatedDays() async throws {
        let start: Int64 = 1_736_694_000
        let optimal = try await Self.run(.optimal, start: start)
        let rules = try await Self.run(.touRules, start: start)
        let none = try await Self.run(.none, start: start)
        for report in [optimal, rules, none] {
            print(
                String(
                    format:
                        "simulated 2 winter days, %@: cost ₩%.0f (grid ₩%.0f, stored gain ₩%.0f: battery %+.0f, hot %+.0f kWh), import %.0f kWh, export %.0f kWh, unmet %.1f kWh",
                    report.strategy.rawValue, report.costWon, report.gridCostWon, report.storedEnergyGainWon,
                    report.batteryGainKWh, report.hotTankGainKWh, report.importKWh, report.exportKWh,
                    report.unmetThermalKWh))
            #expect(report.controlSteps == 192)
            #expect(report.failedSteps == 0, "\(report.strategy): \(report.firstFailure ?? "")")
            #expect(report.unverifiedSteps == 0)
            #expect(report.unmetThermalKWh < 1)
            // The backtest's summary figures agree with its own totals.
            #expect(abs(report.heatPumpKWhByPeriod.values.reduce(0, +) - report.heatPumpKWh) < 0.001)
            #expect(!report.heatPumpKWhByPeriod.keys.contains("unpriced"))
            #expect(report.pvKWh > 0 && (0...1).contains(report.selfConsumption))
            #expect(abs(report.selfConsumption - (1 - report.exportKWh / report.pvKWh)) < 1e-9)
            #expect(abs(report.equivalentFullCycles * 400 * 0.85 - report.batteryDischargedKWh) < 0.01)
        }
        // Winter nights are light load: today's practice pumps heat there.
        #expect((rules.heatPumpKWhByPeriod["light"] ?? 0) > 0, "\(rules.heatPumpKWhByPeriod)")
        #expect(optimal.costWon < rules.costWon)
        #expect(optimal.costWon < none.costWon)
        #expect(optimal.batteryDischargedKWh > 50, "the battery was not used")

        // Forecast error on the simulated data, against the ground truth.
        let accuracy = optimal.forecastAccuracy
        for (name, value) in [("pv", accuracy.pv), ("load", accuracy.load), ("heat", accuracy.heatDemand)] {
            print(
                String(
                    format: "forecast %@: MAE %.0f Wh/step (%.0f %% of mean %.0f Wh), bias %+.0f Wh/step, %d steps",
                    name, value.meanAbsoluteErrorWh, value.relativeMeanAbsoluteError * 100, value.measuredMeanWh,
                    value.biasWh,
                    value.comparedSteps))
            // Every forecast step that lies inside the measured days: 96 × 96 + 96 × 97 / 2.
            #expect(value.comparedSteps == 13_872)
        }
        #expect(accuracy.pv.relativeMeanAbsoluteError < 0.8)
        #expect(accuracy.load.relativeMeanAbsoluteError < 0.3)
        #expect(accuracy.heatDemand.relativeMeanAbsoluteError < 0.3)
    }
}
