import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Foundation
import Logging
import Site
import Synchronization
import Tariffs
import TestKit
import Testing
import VillageDemo

/// The in-process what-if against the lock-step run over Modbus on the same two winter days of a
/// four-home site: the same physics and controller, so the same cost where the wire does not matter.
@Suite(.serialized) struct InProcessSimulationTests {
    static let start: Int64 = 1_736_694_000  // 2025-01-13 00:00 KST

    /// The four-home winter site from `start` for `days` days, under `strategy`.
    static func configuration(
        _ strategy: StrategyName, databasePath: String = "", start: Int64 = start, days: Int = 2
    ) throws -> DispatchSimulation.Configuration {
        var site = Site.default
        let homes: Set<String> = ["101", "102", "103", "104"]
        site.households = site.households.filter { homes.contains($0.unit) }
        site.devices = site.devices.filter { $0.household.map(homes.contains) ?? true }
        let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        var controller = try DispatchControllerConfiguration(
            settings: site.dispatch,
            tariff: try tariffs.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
        controller.strategy = strategy
        return DispatchSimulation.Configuration(
            site: site, profiles: try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters")),
            start: start, days: days, databasePath: databasePath, controller: controller)
    }

    static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test func noneCostsTheSameInProcessAndOverModbus() async throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let overModbus = try await DispatchSimulation.run(
            Self.configuration(.none, databasePath: directory.appendingPathComponent("sim.sqlite").path),
            logger: Self.quiet)
        let inProcess = try await InProcessDispatchSimulation.run(Self.configuration(.none), logger: Self.quiet)
        #expect(inProcess.controlSteps == 192 && inProcess.failedSteps == 0)
        #expect(abs(inProcess.importKWh - overModbus.importKWh) <= 0.01 * overModbus.importKWh)
        #expect(abs(inProcess.gridCostWon - overModbus.gridCostWon) <= 0.01 * abs(overModbus.gridCostWon))
    }

    @Test func optimalIsCheapestAndReportsItsProgress() async throws {
        let days = Mutex<[Int]>([])
        let optimal = try await InProcessDispatchSimulation.run(Self.configuration(.optimal), logger: Self.quiet) {
            progress in days.withLock { $0.append(progress.day) }
        }
        #expect(days.withLock { $0 } == [1, 2])
        let rules = try await InProcessDispatchSimulation.run(Self.configuration(.touRules), logger: Self.quiet)
        let none = try await InProcessDispatchSimulation.run(Self.configuration(.none), logger: Self.quiet)
        for report in [optimal, rules, none] {
            #expect(report.controlSteps == 192)
            #expect(report.failedSteps == 0, "\(report.strategy): \(report.firstFailure ?? "")")
            #expect(report.unmetThermalKWh < 1)
        }
        #expect(optimal.costWon < rules.costWon)
        #expect(optimal.costWon < none.costWon)
    }
}
