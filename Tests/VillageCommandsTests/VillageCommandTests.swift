import ArgumentParser
import EnergyDispatch
import Foundation
import Testing
import VillageStore

@testable import VillageCommands

/// The `village` command run in this process: parsed with `Village.parseAsRoot`, then run.
@Suite(.serialized) struct VillageCommandTests {
    @Test(arguments: [
        ["dispatch", "plan", "--db", "village.sqlite"],
        ["dispatch", "simulate", "--season", "summer"],
    ])
    func aMistypedStrategyIsRefusedWithTheStrategiesThereAre(command: [String]) {
        let error = #expect(throws: (any Error).self) { try Village.parseAsRoot(command + ["--strategy", "greedy"]) }
        let message = error.map { Village.message(for: $0) } ?? ""
        #expect(message.contains("The value 'greedy' is invalid for '--strategy <strategy>'"), "\(message)")
        for name in StrategyName.allCases.map(\.rawValue) { #expect(message.contains("'\(name)'"), "\(message)") }
        #expect(!message.contains("'off'"), "\(message)")
    }

    /// The in-process what-if has no database: `--db` is refused without `--modbus`, naming both.
    @Test func simulateTakesADatabaseOnlyOverModbus() {
        let command = ["dispatch", "simulate", "--season", "summer", "--strategy", "optimal", "--db", "sim.sqlite"]
        let error = #expect(throws: (any Error).self) { try Village.parseAsRoot(command) }
        let message = error.map { Village.message(for: $0) } ?? ""
        #expect(message.contains("--db") && message.contains("--modbus"), "\(message)")
        #expect(throws: Never.self) { try Village.parseAsRoot(command + ["--modbus"]) }
    }

    @Test func theDaemonsStrategyAlsoOffersOff() {
        let error = #expect(throws: (any Error).self) { try Village.parseAsRoot(["run", "--strategy", "greedy"]) }
        let message = error.map { Village.message(for: $0) } ?? ""
        for name in StrategyName.allCases.map(\.rawValue) + ["off"] {
            #expect(message.contains("'\(name)'"), "\(message)")
        }
        #expect(throws: Never.self) { try Village.parseAsRoot(["run", "--strategy", "off"]) }
    }

    @Test func helpListsTheValuesOfClosedOptions() {
        let plan = Village.helpMessage(for: DispatchPlanCommand.self, columns: 1000)
        #expect(plan.contains("(values: none, self-consumption, tou-rules, optimal)"), "\(plan)")
        let export = Village.helpMessage(for: ExportCommand.self, columns: 1000)
        #expect(export.contains("(values: csv, jsonl, ngsi-ld; default: csv)"), "\(export)")
        #expect(export.contains("(values: raw, 15m, 1h, 1d; default: raw)"), "\(export)")
        #expect(export.contains("(values: readings, intervals, trades, dispatch, events, all)"), "\(export)")
    }

    @Test func statusOfAnEmptyDatabaseSaysNothingHasHappenedYet() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "village-commands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("village.sqlite").path
        _ = try VillageStore(path: path)

        let output = try await Self.run(["status", "--db", path, "--json"])
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
        #expect(report["database"] as? String == path)
        #expect(report["devices"] as? Int == 0)
        #expect((report["devicesOffline"] as? [Any])?.isEmpty == true)
        #expect((report["services"] as? [Any])?.isEmpty == true)
        for key in ["lastPoll", "lastClosedInterval", "lastSettledInterval", "lastPlan", "intervals"] {
            #expect(report[key] == nil, "\(key) in \(output)")
        }
    }

    @Test func statusShowsTheForecastErrorsOfTheLastDays() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "village-commands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("village.sqlite").path
        let store = try VillageStore(path: path)
        let day: Int64 = 1_736_694_000  // 2025-01-13 00:00 KST
        try await store.record(forecastErrors: [
            ForecastErrorRecord(
                dayStart: day, quantity: .pv, comparedSteps: 4656, meanAbsoluteErrorWh: 1234.4, biasWh: 12,
                recordedMeanWh: 6000),
            ForecastErrorRecord(
                dayStart: day, quantity: .load, comparedSteps: 4656, meanAbsoluteErrorWh: 310, biasWh: -2,
                recordedMeanWh: 3100),
            ForecastErrorRecord(
                dayStart: day, quantity: .cooling, comparedSteps: 0, meanAbsoluteErrorWh: 0, biasWh: 0,
                recordedMeanWh: 0),
        ])

        let text = try await Self.run(["status", "--db", path])
        #expect(
            text.contains("2025-01-13  PV 1,234 Wh (21 %), load 310 Wh (10 %), heat no data, cooling no data"),
            "\(text)")
        let output = try await Self.run(["status", "--db", path, "--json"])
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
        let days = try #require(report["forecastErrors"] as? [[String: Any]], "\(output)")
        #expect(days.count == 1)
        #expect(days.first?["day"] as? String == "2025-01-13")
        #expect((days.first?["pv"] as? [String: Any])?["maeWh"] as? Double == 1234.4)
        #expect((days.first?["load"] as? [String: Any])?["comparedSteps"] as? Int == 4656)
    }

    @Test(arguments: [
        (["--season", "winter"], "--season"),
        (["--from", "2025-01-13"], "--from DATE and --to DATE"),
        (["--from", "2025-01-13", "--to", "2025-01-14", "--modbus"], "--modbus"),
        (["--from", "2025-01-14", "--to", "2025-01-13"], "must span 1–366 days"),
        (["--from", "2025-01-13", "--to", "2025-01-14"], "is not a database file"),
    ])
    func aReplayFromTheStoreRefusesWhatDoesNotApplyNamingIt(extra: [String], expected: String) {
        let command = ["dispatch", "simulate", "--from-store", "no-such-village.sqlite"] + extra
        let error = #expect(throws: (any Error).self) { try Village.parseAsRoot(command) }
        let message = error.map { Village.message(for: $0) } ?? ""
        #expect(message.contains(expected), "\(message)")
    }

    @Test func simulateWithoutTheStoreStillNeedsAStrategy() {
        let error = #expect(throws: (any Error).self) {
            try Village.parseAsRoot(["dispatch", "simulate", "--season", "summer"])
        }
        let message = error.map { Village.message(for: $0) } ?? ""
        #expect(message.contains("--strategy is required"), "\(message)")
    }

    /// Parses `arguments` as `village` would, runs the command and returns what it printed.
    static func run(_ arguments: [String]) async throws -> String {
        var command = try Village.parseAsRoot(arguments)
        return try await StandardOutput.capture {
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        }
    }
}
