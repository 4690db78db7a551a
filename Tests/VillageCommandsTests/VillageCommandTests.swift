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
