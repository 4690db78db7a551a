import Foundation
import GRDB

/// A read-only connection to a village store file.
///
/// The export opens the file itself rather than through `VillageStore`, whose initialiser migrates
/// (writes): an export must never change the database it reads, and it streams rows through
/// prepared statements instead of loading arrays. The SQL lives in the sources of this module, next
/// to the store's schema version it was written for (`v1-metering`).
final class ExportDatabase {
    let path: String
    private let queue: DatabaseQueue
    /// Tables present in the file.
    let tables: Set<String>

    init(path: String) throws(ExportError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ExportError(.fileAccess, path, "no database file here (--db)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ExportError(.fileAccess, path, "cannot read the database file (--db)")
        }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        guard header == Data("SQLite format 3\0".utf8) else {
            throw ExportError(.notAVillageStore, path, "is not a SQLite database")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "Export"
        // The daemon writing the same file may hold a lock for a moment (a checkpoint, a recovery).
        configuration.busyMode = .timeout(5)
        // Rows are read in time order through the index on `start`, which visits every series' leaf
        // pages of the day; SQLite's default 2 MiB cache is smaller than that working set (~3 MiB for
        // 56 households) and would re-read every page for every quarter hour. 32 MiB holds it with room.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -32768") }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            tables = Set(
                try queue.read { db in
                    try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                })
        } catch {
            throw ExportError(.database, path, "cannot open read-only: \(error)")
        }
        let required = ["sites", "households", "devices", "intervals", "readings", "reading_series", "device_events"]
        let absent = required.filter { !tables.contains($0) }
        guard absent.isEmpty else {
            throw ExportError(
                .notAVillageStore, path,
                "is not a village metering store (missing tables: \(absent.joined(separator: ", ")))")
        }
    }

    /// Where raw readings are read: `all_readings` (the moved and the recent ones) in a store that
    /// has `recent_readings`, `readings` alone in one written before it.
    var readingsRelation: String { tables.contains("recent_readings") ? "all_readings" : "readings" }

    /// Runs `body` in one read transaction, mapping failures to `ExportError`.
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(ExportError) -> T {
        do {
            return try queue.read(body)
        } catch let error as ExportError {
            throw error
        } catch {
            throw ExportError(.database, path, "\(operation): \(error)")
        }
    }

    /// The site this database holds (the first, by id): its id, name and time zone.
    func site() throws(ExportError) -> (id: String, name: String, timeZone: TimeZone) {
        let row = try read("site") { db in
            try Row.fetchOne(db, sql: "SELECT id, name, time_zone FROM sites ORDER BY id LIMIT 1")
        }
        guard let row else { throw ExportError(.notAVillageStore, path, "no site is registered in this database") }
        let zoneName: String = row["time_zone"]
        guard let zone = TimeZone(identifier: zoneName) else {
            throw ExportError(.notAVillageStore, path, "sites.time_zone \"\(zoneName)\" is not a known time zone")
        }
        return (row["id"], row["name"], zone)
    }

    /// Registered household unit ids.
    func householdIds() throws(ExportError) -> [String] {
        try read("households") { db in try String.fetchAll(db, sql: "SELECT unit_id FROM households ORDER BY unit_id") }
    }

    func close() { try? queue.close() }
}
