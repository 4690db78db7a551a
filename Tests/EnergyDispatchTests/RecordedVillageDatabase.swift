import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Foundation
import Logging
import Site
import Tariffs
import TestKit
import VillageDemo

/// A village database recorded the way `village run` records one: the simulated four-home village,
/// the collector polling it over Modbus into the store, and the dispatch controller (strategy `none`)
/// planning every 15 minutes from the store's forecasts, over three warm-up days and one measured
/// winter day. Made once and shared by the suites that read it.
enum RecordedVillageDatabase {
    /// 2025-01-13 00:00 KST, the measured day; the warm-up runs the three days before.
    static let day: Int64 = 1_736_694_000

    struct Recording: Sendable {
        var path: String
        var configuration: DispatchSimulation.Configuration
        var report: DispatchSimulation.Report
    }

    static let recording = Task { () async throws -> Recording in
        let directory = try TestFiles.temporaryDirectory()
        let configuration = try Self.configuration(
            StrategyName.none, databasePath: directory.appendingPathComponent("village.sqlite").path)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let report = try await DispatchSimulation.run(configuration, logger: logger)
        return Recording(path: configuration.databasePath, configuration: configuration, report: report)
    }

    static func configuration(_ strategy: StrategyName, databasePath: String) throws -> DispatchSimulation.Configuration
    {
        try InProcessSimulationTests.configuration(strategy, databasePath: databasePath, start: day, days: 1)
    }
}
