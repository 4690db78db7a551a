import Export
import Foundation
import GRDB
import Testing
import VillageStore

/// A stored value of the wrong type (NULL, text in an INTEGER column, a blob), as a database
/// rebuilt or written by another program can hold, stops the export with an error naming the
/// table and column: never a crash, never a 0 in the data, and nothing is left in the output
/// directory.
@Suite struct MalformedValueTests {
    /// Stores `value` (SQL) in `column` of the one row `condition` selects. For NULL, the column's
    /// `NOT NULL` is first removed from the schema text in `sqlite_master` (`PRAGMA
    /// writable_schema`), as a program rebuilding the table without the constraint would; the
    /// edited schema is read by the next connection (the export's).
    static func store(
        _ value: String, in village: SeededVillage, table: String, column: String, declaration: String,
        where condition: String
    ) async throws {
        if value == "NULL" {
            let schema = try DatabaseQueue(path: village.databasePath)
            try await schema.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA writable_schema = ON")
                try db.execute(
                    sql: "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
                    arguments: ["\(column) \(declaration) NOT NULL", "\(column) \(declaration)", table])
                #expect(db.changesCount == 1, "\(column) \(declaration) NOT NULL must be in \(table)")
                try db.execute(sql: "PRAGMA writable_schema = OFF")
            }
            try schema.close()
        }
        let database = try DatabaseQueue(path: village.databasePath)
        try await database.write { db in
            try db.execute(sql: "UPDATE \(table) SET \(column) = \(value) WHERE \(condition)")
            #expect(db.changesCount == 1)
        }
        try database.close()
    }

    func expectRefusal(_ request: ExportRequest, naming text: String) throws {
        let error = #expect(throws: ExportError.self) { try Exporter().run(request) }
        #expect(error?.code == .database)
        #expect(error?.description.contains(text) == true, "\(String(describing: error))")
        #expect(
            !FileManager.default.fileExists(atPath: request.outputDirectory), "the output directory was left behind")
    }

    /// The interval loop reads SQLite's columns directly, where NULL and text would read as 0.
    @Test(arguments: ["NULL", "'lots'", "1.5"])
    func anIntervalValueOfTheWrongTypeIsNamed(_ value: String) async throws {
        let village = try await SeededVillage(seed: 71)
        defer { village.remove() }
        try await Self.store(
            value, in: village, table: "intervals", column: "value", declaration: "INTEGER",
            where: """
                (owner_kind, owner_id, channel, start) = (SELECT owner_kind, owner_id, channel, start FROM intervals
                WHERE channel = 'energy.import' AND start >= \(SeededVillage.start + 86_400) ORDER BY start, owner_id LIMIT 1)
                """)
        for resolution in [ExportResolution.raw, .hour] {
            try expectRefusal(
                village.request(what: [.intervals], resolution: resolution), naming: "intervals.value is ")
        }
        // The rest of the file is readable: a range without the row exports.
        let summary = try Exporter().run(village.request(what: [.intervals], to: SeededVillage.start + 86_400))
        #expect(summary.files.first?.rows ?? 0 > 0)
    }

    /// Events are read through a record.
    @Test(arguments: ["NULL", "X'00ff'"])
    func anEventDetailOfTheWrongTypeIsNamed(_ value: String) async throws {
        let village = try await SeededVillage(seed: 72)
        defer { village.remove() }
        let event = try #require(village.events.first)
        try await Self.store(
            value, in: village, table: "device_events", column: "detail", declaration: "TEXT",
            where: "device_id = '\(event.deviceId)' AND at = \(event.timestamp)")
        try expectRefusal(village.request(what: [.events]), naming: "device_events.detail is ")
    }
}
