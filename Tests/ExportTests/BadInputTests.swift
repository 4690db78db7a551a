import Export
import Foundation
import GRDB
import Testing

/// Bad arguments give an error that names them, and nothing is written.
@Suite struct BadInputTests {
    /// Runs a failing export and checks that the output location is as it was.
    func expectRefusal(
        _ request: ExportRequest, code: ExportError.Code, mentioning text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try? FileManager.default.contentsOfDirectory(atPath: request.outputDirectory)
        let error = #expect(throws: ExportError.self, sourceLocation: sourceLocation) { try Exporter().run(request) }
        #expect(error?.code == code, sourceLocation: sourceLocation)
        #expect(
            error?.description.contains(text) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
        let after = try? FileManager.default.contentsOfDirectory(atPath: request.outputDirectory)
        #expect(before == after, "the output directory changed", sourceLocation: sourceLocation)
    }

    @Test func emptyAndReversedRangesAreRefused() async throws {
        let village = try await SeededVillage(seed: 31)
        defer { village.remove() }
        let start = SeededVillage.start
        try expectRefusal(
            village.request(what: [.intervals], from: start, to: start), code: .emptyRange, mentioning: "empty")
        try expectRefusal(
            village.request(what: [.intervals], from: start + 3_600, to: start), code: .emptyRange,
            mentioning: "reversed")
        var local = village.request(what: [.intervals])
        local.from = try ExportInstant(argument: "2026-12-02", name: "--from")
        local.to = try ExportInstant(argument: "2026-12-01T00:00:00+09:00", name: "--to")
        try expectRefusal(local, code: .emptyRange, mentioning: "--from/--to")
    }

    @Test(arguments: ["bogus", "", "interval", "ALLL"])
    func unknownWhatIsRefused(value: String) {
        let error = #expect(throws: ExportError.self) { try ExportTable.selection(from: value) }
        #expect(error?.subject == "--what")
        #expect(
            error?.description.contains("expected one of readings, intervals, trades, dispatch, events or all") == true)
    }

    @Test(arguments: ["2026-13-01", "2026-02-30", "yesterday", "2026-11-30T25:00", "2026-11-30T10:00+9"])
    func malformedDatesAreRefused(value: String) {
        let error = #expect(throws: ExportError.self) { try ExportInstant(argument: value, name: "--from") }
        #expect(error?.subject == "--from")
    }

    @Test func datesAreSiteTimeUnlessTheyCarryAnOffset() throws {
        #expect(try ExportInstant(argument: "2026-11-30", name: "--from") == .local(SeededVillage.start + 9 * 3_600))
        #expect(
            try ExportInstant(argument: "2026-11-30T00:00:00+09:00", name: "--from") == .absolute(SeededVillage.start))
        #expect(try ExportInstant(argument: "2026-11-29T15:00Z", name: "--from") == .absolute(SeededVillage.start))
    }

    @Test func nonEmptyOutputDirectoryNeedsForce() async throws {
        let village = try await SeededVillage(seed: 32)
        defer { village.remove() }
        let out = village.outputPath()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let notes = (out as NSString).appendingPathComponent("notes.txt")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: notes))
        try expectRefusal(village.request(what: [.intervals], out: out), code: .outputNotEmpty, mentioning: "--force")

        var forced = village.request(what: [.intervals], out: out)
        forced.overwrite = true
        _ = try Exporter().run(forced)
        let entries = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        #expect(entries == ["notes.txt", "intervals.csv", "datapackage.json"])
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "keep me")
    }

    @Test func unrecordedTablesAreReportedNotFaked() async throws {
        let village = try await SeededVillage(seed: 33)
        defer { village.remove() }
        // A store from before the dispatch migration (v3-dispatch) has no dispatch tables.
        let queue = try DatabaseQueue(path: village.databasePath)
        try await queue.write { db in try db.execute(sql: "DROP TABLE dispatch_plans; DROP TABLE dispatch_commands") }
        try queue.close()
        let out = village.outputPath()
        try expectRefusal(
            village.request(what: [.dispatch], out: out), code: .notRecorded, mentioning: "not yet recorded")
        #expect(!FileManager.default.fileExists(atPath: out))
        var all = village.request(what: ExportTable.allCases, out: out)
        all.skipsUnavailableTables = true
        let summary = try Exporter().run(all)
        #expect(summary.skipped.filter { $0.table == .dispatch }.map(\.name) == ["dispatch"])
        #expect(!summary.files.contains { $0.table == .dispatch })
    }

    @Test func conflictingArgumentsAndUnknownHouseholdsAreRefused() async throws {
        let village = try await SeededVillage(seed: 34)
        defer { village.remove() }
        var readingsByHour = village.request(what: [.readings], resolution: .hour)
        readingsByHour.resolution = .hour
        try expectRefusal(readingsByHour, code: .conflictingArguments, mentioning: "--resolution raw")
        var groupedEvents = village.request(what: [.events])
        groupedEvents.minimumGroupSize = 3
        try expectRefusal(groupedEvents, code: .conflictingArguments, mentioning: "--min-group")
        var unknown = village.request(what: [.intervals])
        unknown.households = ["u101", "u999"]
        try expectRefusal(unknown, code: .unknownHousehold, mentioning: "u999")
        var missingDatabase = village.request(what: [.intervals])
        missingDatabase.databasePath = village.directory.appendingPathComponent("nope.sqlite").path
        try expectRefusal(missingDatabase, code: .fileAccess, mentioning: "nope.sqlite")
    }
}
