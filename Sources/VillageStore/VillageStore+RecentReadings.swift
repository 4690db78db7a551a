import GRDB
import GRDBSQLite
import VillageCore

extension VillageStore {
    /// Every row in `readings` is earlier than this (`reading_moves.moved_before`).
    func movedReadingsBound(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT moved_before FROM reading_moves WHERE id = 1")) ?? .min
    }

    /// Whether `readings` already holds this series' reading at `at`.
    func movedReadingExists(seriesId: Int64, at: Int64, _ db: Database) throws -> Bool {
        let statement = try db.cachedStatement(sql: StoreSchema.movedReadingExistsSQL)
        let handle = statement.sqliteStatement
        sqlite3_bind_int64(handle, 1, seriesId)
        sqlite3_bind_int64(handle, 2, at)
        defer { sqlite3_reset(handle) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(code)"
            throw error(.sqlite, "reading series \(seriesId) at \(at)", message)
        }
    }

    /// Moves the readings of every interval that is over (those before the start of the interval
    /// of `newest`, the latest reading just written) from `recent_readings` to `readings`, when
    /// that start is past `movedBefore`. Readings just inserted before `movedBefore` (a late
    /// replay) move now as well, so that `recent_readings` holds the current interval and little else.
    func moveFinishedReadings(newest: Int64, insertedBeforeBound: Bool, movedBefore: Int64, _ db: Database) throws {
        let length = configuration.intervalSeconds
        // The interval's start would lie before Int64.min for the first `length` seconds of time.
        let currentStart = newest < Int64.min + length ? Int64.min : newest - floorModulo(newest, length)
        guard currentStart > movedBefore || insertedBeforeBound else { return }
        try moveRecentReadings(before: max(currentStart, movedBefore), db)
    }

    /// Moves every recent reading to `readings`, whatever its interval. A collector starting up
    /// calls it before it replays readings series by series, which `readings` serves by its key
    /// where `recent_readings` would be scanned once per series.
    public func moveRecentReadings() async throws(StoreError) {
        try await write("move recent readings") { [self] db in
            guard let newest = try Int64.fetchOne(db, sql: "SELECT MAX(at) FROM recent_readings") else { return }
            let after = newest < .max ? newest + 1 : .max
            try moveRecentReadings(before: max(after, try movedReadingsBound(db)), db)
        }
    }

    /// Moves the recent readings before `bound` to `readings`, sorted by series so that each
    /// series' leaf is written once, and records that `readings` now reaches up to `bound`.
    private func moveRecentReadings(before bound: Int64, _ db: Database) throws {
        for sql in [
            """
            INSERT OR IGNORE INTO readings (series_id, at, value, quality)
                SELECT series_id, at, value, quality FROM recent_readings WHERE at < ? ORDER BY series_id, at
            """,
            "DELETE FROM recent_readings WHERE at < ?",
            "UPDATE reading_moves SET moved_before = ? WHERE id = 1",
        ] {
            try db.cachedStatement(sql: sql).execute(arguments: [bound])
        }
    }
}
