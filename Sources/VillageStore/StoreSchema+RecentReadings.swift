import GRDB

extension StoreSchema {
    /// Raw readings arrive in a table ordered by time (migration `v15-recent-readings`).
    ///
    /// `readings` is keyed by (series, time), the read path of every query, so a poll cycle that
    /// adds one reading to each of several hundred series changes one leaf page per series, and
    /// the commit writes each of those pages to the WAL and again to the database file: megabytes
    /// for a few kilobytes of readings. `recent_readings` is keyed by (time, series): a cycle's
    /// readings fill a few pages at the end of its tree. Once a quarter hour is over, its readings
    /// move to `readings` in one sorted pass, in the transaction of the commit that crossed the
    /// boundary, so each series' leaf is written once per quarter hour rather than once per poll.
    ///
    /// `all_readings` is what queries read: both tables, which never hold the same key.
    /// `reading_moves.moved_before` bounds `readings` (every row in it is earlier), so a new reading
    /// at or after it needs no lookup there to be known new.
    static func createRecentReadings(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE recent_readings (
                    at INTEGER NOT NULL,
                    series_id INTEGER NOT NULL,
                    value NOT NULL,
                    quality INTEGER NOT NULL,
                    PRIMARY KEY (at, series_id)
                ) WITHOUT ROWID;
                CREATE VIEW all_readings AS
                    SELECT series_id, at, value, quality FROM readings
                    UNION ALL
                    SELECT series_id, at, value, quality FROM recent_readings;
                CREATE TABLE reading_moves (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    moved_before INTEGER NOT NULL
                );
                INSERT INTO reading_moves (id, moved_before)
                    SELECT 1, COALESCE(MAX(at) + 1, -9223372036854775808) FROM readings;
                """)
    }

    /// A new reading into `recent_readings` (a duplicate (time, series) keeps the first).
    static let insertRecentReadingSQL =
        "INSERT OR IGNORE INTO recent_readings (at, series_id, value, quality) VALUES (?, ?, ?, ?)"

    /// Whether `readings` holds a (series, time): asked only for a reading before `moved_before`.
    static let movedReadingExistsSQL = "SELECT 1 FROM readings WHERE series_id = ? AND at = ?"
}
