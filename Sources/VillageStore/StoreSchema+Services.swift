import GRDB

extension StoreSchema {
    /// Where each service of the running platform has got to (migration `v4-services`): one row per
    /// service, overwritten on every run, so `village status` can show the last error of each.
    static func createServiceTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE service_status (
                    service TEXT PRIMARY KEY NOT NULL,
                    last_run INTEGER NOT NULL,
                    last_success INTEGER,
                    last_error TEXT,
                    last_error_at INTEGER,
                    detail TEXT
                ) WITHOUT ROWID;
                """)
    }
}
