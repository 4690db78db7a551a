import DispatchControl
import EnergyDispatch
import Foundation
import Logging
import Testing
import VillageDemo

/// `dispatch simulate --from-store`: a recorded day of a village database replayed under the
/// strategies, read-only, beside what the grid meter recorded.
@Suite(.serialized) struct StoreReplayTests {
    static func replay(_ strategies: [StrategyName], from: Int64, to: Int64) async throws -> StoreReplayReport {
        let recording = try await RecordedVillageDatabase.recording.value
        let simulation = recording.configuration
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try await StoreReplay.run(
            StoreReplay.Configuration(
                site: simulation.site, profiles: simulation.profiles, databasePath: recording.path, from: from, to: to,
                controller: simulation.controller, strategies: strategies), logger: logger)
    }

    /// The database file and its write-ahead log: a read-only replay must leave every byte of the
    /// file as it was and write no frame to the log (SQLite's reader may create an empty log and
    /// its shared-memory index beside a file that has none).
    static func fingerprint(_ path: String) -> [String: Data] {
        var contents: [String: Data] = [:]
        contents["database"] = FileManager.default.contents(atPath: path)
        contents["wal"] = FileManager.default.contents(atPath: path + "-wal") ?? Data()
        return contents
    }

    /// The day was recorded under `none`; replayed under `none` from the recorded load, PV and heat
    /// demand, the grid export must come back within 3 %, and the import within 5 % once the stored
    /// heat is accounted for: the recorded heat pumps ran at their minimum power where the demand
    /// was lower and so filled the hot tank (by about 79 kWh of heat that day), where the replayed
    /// ones follow the demand; the difference in stored heat and cold, at the recorded COPs, is
    /// electricity the replay did not buy.
    @Test func noneReplayedReproducesTheRecordedGridEnergyAndChangesNothing() async throws {
        let recording = try await RecordedVillageDatabase.recording.value
        let before = Self.fingerprint(recording.path)
        let day = RecordedVillageDatabase.day
        let report = try await Self.replay([.none], from: day, to: day + 86_400)
        #expect(Self.fingerprint(recording.path) == before, "the replay changed the database")

        let none = try #require(report.strategies.first)
        let recorded = report.recorded
        print(
            String(
                format:
                    "recorded: import %.1f kWh, export %.1f kWh, cost ₩%.0f; replayed none: import %.1f kWh, export %.1f kWh, cost ₩%.0f",
                recorded.importKWh, recorded.exportKWh, recorded.energyCostWon, none.grid.importKWh,
                none.grid.exportKWh, none.grid.energyCostWon))
        #expect(report.steps == 96 && report.thermalRecorded)
        #expect(none.failedSteps == 0, "\(none.firstFailure ?? "")")
        #expect(none.unservedKWh < 0.5)
        // The recorded figures are the grid meter's: the simulator's ground truth, as measured.
        #expect(abs(recorded.importKWh - recording.report.importKWh) <= 0.005 * recording.report.importKWh)
        #expect(abs(recorded.exportKWh - recording.report.exportKWh) <= 0.005 * recording.report.exportKWh)
        #expect(recorded.importKWh > 100 && recorded.exportKWh > 10)
        let storedHeatElectricityKWh =
            (report.recordedHotTankGainKWh - none.hotTankGainKWh) / report.heatingCOP
            + (report.recordedColdTankGainKWh - none.coldTankGainKWh) / report.coolingCOP
        let comparableImportKWh = none.grid.importKWh + storedHeatElectricityKWh
        print(
            String(
                format: "stored heat: recorded hot %+.1f cold %+.1f kWh, replayed hot %+.1f cold %+.1f kWh; "
                    + "replayed import with it %.1f kWh (%+.1f %%)",
                report.recordedHotTankGainKWh, report.recordedColdTankGainKWh, none.hotTankGainKWh,
                none.coldTankGainKWh, comparableImportKWh, (comparableImportKWh / recorded.importKWh - 1) * 100))
        #expect(abs(comparableImportKWh - recorded.importKWh) <= 0.05 * recorded.importKWh)
        #expect(abs(none.grid.exportKWh - recorded.exportKWh) <= 0.03 * recorded.exportKWh)
        #expect(abs(none.batteryGainKWh) < 1, "none leaves the battery idle")
        #expect(abs(report.recordedBatteryGainKWh) < 1)
    }

    @Test func everyStrategyReplaysTheDayWithoutFailing() async throws {
        let day = RecordedVillageDatabase.day
        let report = try await Self.replay([.none, .touRules, .optimal], from: day, to: day + 86_400)
        #expect(report.strategies.map(\.strategy) == [.none, .touRules, .optimal])
        for outcome in report.strategies {
            print(
                String(
                    format:
                        "%@: cost ₩%.0f (saving ₩%.0f), import %.1f kWh, export %.1f kWh, peak %.0f kW, battery %+.1f kWh",
                    outcome.strategy.rawValue, outcome.grid.energyCostWon, outcome.savingAgainstRecordedWon,
                    outcome.grid.importKWh, outcome.grid.exportKWh, outcome.grid.peakImportKW, outcome.batteryGainKWh))
            #expect(outcome.failedSteps == 0, "\(outcome.strategy): \(outcome.firstFailure ?? "")")
            #expect(outcome.unservedKWh < 1)
            #expect(
                abs(outcome.savingAgainstRecordedWon - (report.recorded.energyCostWon - outcome.grid.energyCostWon))
                    < 1e-6)
        }
        let optimal = try #require(report.strategies.last)
        #expect(optimal.batteryDischargedKWh > 10, "the optimal strategy did not use the battery")
    }

    @Test func aPeriodWithoutRecordsIsRefusedWithTheSpanThereIs() async throws {
        let day = RecordedVillageDatabase.day
        let error = await #expect(throws: StoreReplayError.self) {
            _ = try await Self.replay([.none], from: day + 2 * 86_400, to: day + 3 * 86_400)
        }
        #expect(error?.code == .noData)
        #expect(error?.description.contains("grid meter") == true, "\(String(describing: error))")
        #expect(error?.description.contains("it has intervals from 2025-01-10T00:00") == true)
    }

    @Test func aPeriodWithGapsIsRefusedNamingTheMissingIntervals() async throws {
        // The day before the recording began has nothing; the day after it (its first) has everything
        // but its first interval, whose battery level at the start is not recorded.
        let recordingStart = RecordedVillageDatabase.day - 3 * 86_400
        let error = await #expect(throws: StoreReplayError.self) {
            _ = try await Self.replay([.none], from: recordingStart - 86_400, to: recordingStart + 86_400)
        }
        #expect(error?.code == .gaps)
        let missing = error?.missingIntervals ?? []
        #expect(missing.first == recordingStart - 86_400)
        #expect(missing.count >= 96 && missing.count <= 97, "\(missing.count)")
        #expect(error?.description.contains("neither filled nor skipped") == true, "\(String(describing: error))")
        #expect(error?.description.contains("and \(missing.count - 8) more") == true)
    }
}
