import Export
import Foundation
import GRDB
import Testing
import VillageStore

/// The export never changes the database, and a failure part-way leaves no file under a final name.
@Suite struct SafetyTests {
    static func bytes(of path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func theDatabaseIsNotModified() async throws {
        let village = try await SeededVillage(seed: 41)
        defer { village.remove() }
        let files = [village.databasePath, village.databasePath + "-wal"]
        let before = files.map(Self.bytes(of:))
        #expect(before[0] != nil)
        for format in ExportFormat.allCases {
            var request = village.request(what: ExportTable.allCases, format: format)
            request.skipsUnavailableTables = true
            _ = try Exporter().run(request)
        }
        #expect(files.map(Self.bytes(of:)) == before)
    }

    @Test func aFailureWhileWritingLeavesNoFileBehind() async throws {
        let village = try await SeededVillage(seed: 42)
        defer { village.remove() }
        // An event of a kind this build does not know: the export fails on the third table, after
        // readings and intervals were fully written under temporary names.
        let queue = try DatabaseQueue(path: village.databasePath)
        try await queue.write { db in
            try db.execute(
                sql:
                    "INSERT INTO device_events (device_id, at, kind, channel, detail) VALUES (?, ?, 'exploded', '', '')",
                arguments: [SeededVillage.devices[0].id, SeededVillage.start + 10])
        }
        try queue.close()
        let out = village.outputPath()
        var request = village.request(what: ExportTable.allCases, out: out)
        request.skipsUnavailableTables = true
        let error = #expect(throws: ExportError.self) { try Exporter().run(request) }
        #expect(error?.description.contains("exploded") == true)
        #expect(!FileManager.default.fileExists(atPath: out), "the directory the export created is gone")

        // Into an existing directory: nothing is added.
        let existing = village.outputPath()
        try FileManager.default.createDirectory(atPath: existing, withIntermediateDirectories: true)
        request.outputDirectory = existing
        #expect(throws: ExportError.self) { try Exporter().run(request) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: existing).isEmpty)
    }

    @Test func readingsAndEventsMatchTheStore() async throws {
        let village = try await SeededVillage(seed: 43)
        defer { village.remove() }
        for format in ExportFormat.allCases {
            let out = village.outputPath()
            _ = try Exporter().run(village.request(what: [.readings], format: format, out: out))
            let readings = try ExportRows.read(table: .readings, format: format, directory: out)
            #expect(readings.count == village.readings.count)
            let integerSum = village.readings.reduce(Int64(0)) { sum, reading in
                if case .integer(let value) = reading.value { return sum + value }
                return sum
            }
            #expect(readings.reduce(Int64(0)) { $0 + (Int64($1["energy_wh"] ?? "") ?? 0) } == integerSum)
            let realSum = village.readings.reduce(0.0) { sum, reading in
                if case .real(let value) = reading.value { return sum + value }
                return sum
            }
            let exportedReal = readings.reduce(0.0) { $0 + (Double($1["other_value"] ?? "") ?? 0) }
            #expect(abs(exportedReal - realSum) < 1e-6)
            #expect(
                readings.filter { $0["quality"] == "uncertain" }.count
                    == village.readings.filter { $0.quality == .uncertain }.count)

            let eventsOut = village.outputPath()
            _ = try Exporter().run(village.request(what: [.events], format: format, out: eventsOut))
            let events = try ExportRows.read(table: .events, format: format, directory: eventsOut)
            #expect(events.count == village.events.count)
            #expect(events.filter { $0["kind"] == "counter-reset" }.count == SeededVillage.devices.count)
            if format == .csv {
                // Commas and quotes in details survive RFC 4180 quoting.
                #expect(events.contains { $0["detail"]?.contains("\"quoted\", comma") == true })
            }
        }
    }
}
