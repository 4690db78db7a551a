import Export
import Foundation
import Testing
import VillageStore

/// `--what dispatch`: the plan step in force for each quarter hour and every setpoint written,
/// read back from every format and compared value by value with what was recorded in the store.
@Suite struct DispatchExportTests {
    static func seconds(_ text: String?) throws -> Int64 {
        let text = try #require(text)
        let date = try #require(ISO8601DateFormatter().date(from: text), "\(text) is ISO 8601")
        return Int64(date.timeIntervalSince1970)
    }

    /// The device id as exported: the id itself, or the NGSI-LD Device URN that ends with it.
    static func deviceId(_ exported: String?) throws -> String {
        let text = try #require(exported)
        return text.hasPrefix("urn:ngsi-ld:Device:") ? String(text.split(separator: ":").last ?? "") : text
    }

    static func expectEqual(_ rows: [[String: String]], _ expected: [DispatchPlanStepRecord]) throws {
        #expect(rows.count == expected.count)
        for (row, step) in zip(rows, expected) {
            #expect(try seconds(row["step_start"]) == step.stepStart)
            #expect(try seconds(row["planned_at"]) == step.plannedAt)
            #expect(row["strategy"] == step.strategy)
            let stored: [(String, Int64)] = [
                ("battery_charge_wh", step.batteryChargeWh), ("battery_discharge_wh", step.batteryDischargeWh),
                ("battery_energy_wh", step.batteryEnergyWh), ("heat_pump_heating_wh", step.heatingWh),
                ("heat_pump_cooling_wh", step.coolingWh), ("grid_import_wh", step.gridImportWh),
                ("grid_export_wh", step.gridExportWh), ("expected_cost_milli_won", step.expectedCostMilliWon),
            ]
            for (column, value) in stored {
                #expect(row[column].flatMap { Int64($0) } == value, "\(column) of step \(step.stepStart)")
            }
        }
    }

    static func expectEqual(_ rows: [[String: String]], _ expected: [DispatchCommandRecord]) throws {
        #expect(rows.count == expected.count)
        for (row, command) in zip(rows, expected) {
            #expect(try seconds(row["time"]) == command.at)
            #expect(try deviceId(row["device_id"]) == command.deviceId)
            #expect(row["setpoint"] == command.setpoint)
            #expect(row["value"].flatMap { Double($0) } == command.value)
            #expect(row["clamped_from"].flatMap { Double($0) } == command.clampedFrom)
        }
    }

    @Test(arguments: [ExportFormat.csv, .jsonl, .ngsiLD])
    func planStepsInForceAndCommandsMatchTheStore(format: ExportFormat) async throws {
        let village = try await SeededVillage(seed: 61)
        defer { village.remove() }
        let dispatch = try await SeededDispatch.record(into: village, seed: 61)
        // From 05:00 on the first day: the plan in force at --from was made before it.
        let from = SeededVillage.start + 5 * 3_600 + 450
        let to = SeededVillage.start + 2 * 86_400 + 1_800
        let out = village.outputPath()
        let summary = try Exporter().run(
            village.request(what: [.dispatch], from: from, to: to, format: format, out: out))
        #expect(summary.files.map(\.name) == ["dispatch_plan_steps", "dispatch_commands"])
        #expect(summary.files.allSatisfy { $0.table == .dispatch })

        let expectedSteps = dispatch.stepsInForce(from: from, to: to)
        // The fixture is able to tell "in force" from "any plan": several plans cover most steps,
        // older plans stay in force where one is left out, and the outage leaves steps uncovered.
        #expect(dispatch.plans.filter { $0.stepStart >= from && $0.stepStart < to }.count > 2 * expectedSteps.count)
        #expect(expectedSteps.contains { $0.plannedAt < $0.stepStart - 900 })
        #expect(expectedSteps.count < Int((to - from) / 900) - 4)
        let steps = try ExportRows.read(resource: "dispatch_plan_steps", format: format, directory: out)
        try Self.expectEqual(steps, expectedSteps)
        #expect(summary.files[0].rows == expectedSteps.count)

        let commands = try ExportRows.read(resource: "dispatch_commands", format: format, directory: out)
        let expectedCommands = dispatch.commands(from: from, to: to)
        #expect(expectedCommands.contains { $0.clampedFrom != nil })
        try Self.expectEqual(commands, expectedCommands)
        #expect(summary.files[1].rows == expectedCommands.count)
        if format != .ngsiLD {
            #expect(commands.filter { $0["setpoint"] == "power_setpoint" }.allSatisfy { $0["unit"] == "kW" })
            #expect(commands.filter { $0["setpoint"] == "StorCtl_Mod" }.allSatisfy { $0["unit"] == nil })
            let (valid, report) = try DataPackageTests.frictionlessValidate(out)
            #expect(valid, "\(report)")
        }
    }

    @Test func theDataPackageDescribesBothFilesWithUnits() async throws {
        let village = try await SeededVillage(seed: 62)
        defer { village.remove() }
        _ = try await SeededDispatch.record(into: village, seed: 62, days: 1)
        let out = village.outputPath()
        _ = try Exporter().run(village.request(what: [.dispatch], out: out))
        let package = try DataPackageFile(directory: out)
        #expect(package.resources.compactMap { $0["name"] as? String } == ["dispatch_plan_steps", "dispatch_commands"])
        for resource in package.resources {
            let fields = try #require((resource["schema"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(fields.allSatisfy { ($0["description"] as? String)?.isEmpty == false })
            for field in fields where (field["name"] as? String)?.hasSuffix("_wh") == true {
                #expect(field["unit"] as? String == "Wh", "\(field)")
            }
        }
        let commands = try #require(package.resources.last)
        #expect((commands["description"] as? String)?.contains("does not record") == true)
    }

    @Test(arguments: [ExportFormat.csv, .ngsiLD])
    func aDatabaseWithoutDispatchDataExportsEmptyTablesWithHeaders(format: ExportFormat) async throws {
        let village = try await SeededVillage(seed: 63)
        defer { village.remove() }
        let out = village.outputPath()
        let summary = try Exporter().run(village.request(what: [.dispatch], format: format, out: out))
        #expect(summary.files.map(\.rows) == [0, 0])
        let package = try DataPackageFile(directory: out)
        for resource in ["dispatch_plan_steps", "dispatch_commands"] {
            let path = (out as NSString).appendingPathComponent(format.fileName(forResource: resource))
            if format == .csv {
                let (header, rows) = try ExportedFiles.csv(path)
                #expect(rows.isEmpty)
                let described = try #require(package.resources.first { $0["name"] as? String == resource })
                let fields = try #require((described["schema"] as? [String: Any])?["fields"] as? [[String: Any]])
                #expect(header == fields.compactMap { $0["name"] as? String })
                #expect(header.count > 4)
            } else {
                #expect(try ExportedFiles.entities(path).isEmpty)
            }
        }
    }

    @Test func hourlyAndHouseholdSelectionsAreRefusedOrSkipped() async throws {
        let village = try await SeededVillage(seed: 64)
        defer { village.remove() }
        _ = try await SeededDispatch.record(into: village, seed: 64, days: 1)
        let hourly = village.request(what: [.dispatch], resolution: .hour)
        let error = #expect(throws: ExportError.self) { try Exporter().run(hourly) }
        #expect(error?.code == .conflictingArguments)
        #expect(error?.description.contains("--resolution raw or 15m") == true)
        #expect(!FileManager.default.fileExists(atPath: hourly.outputDirectory))

        var households = village.request(what: [.dispatch])
        households.households = ["u101"]
        #expect(throws: ExportError.self) { try Exporter().run(households) }

        // Under `all`, the whole table is skipped once, by its name, and the reason is in the package.
        let out = village.outputPath()
        var all = village.request(what: ExportTable.allCases, resolution: .day, out: out)
        all.skipsUnavailableTables = true
        let summary = try Exporter().run(all)
        #expect(summary.skipped.filter { $0.table == .dispatch }.map(\.name) == ["dispatch"])
        let notExported = try #require(
            (try DataPackageFile(directory: out).object["x-village"] as? [String: Any])?["notExported"]
                as? [String: String])
        #expect(notExported["dispatch"]?.contains("--resolution") == true)

        // At 15m the rows are those of raw.
        let raw = village.outputPath()
        let quarter = village.outputPath()
        _ = try Exporter().run(village.request(what: [.dispatch], out: raw))
        _ = try Exporter().run(village.request(what: [.dispatch], resolution: .quarterHour, out: quarter))
        for resource in ["dispatch_plan_steps", "dispatch_commands"] {
            let rawRows = try ExportRows.read(resource: resource, format: .csv, directory: raw)
            #expect(!rawRows.isEmpty)
            #expect(try ExportRows.read(resource: resource, format: .csv, directory: quarter) == rawRows)
        }
    }
}
