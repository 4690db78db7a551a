import GRDB

/// The versioned schema. Migrations are append-only: a released migration is never edited, a change
/// is a new migration, and a database that carries a migration this build does not know is refused.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-metering", migrate: createMeteringTables)
        migrator.registerMigration("v2-ledger", migrate: createLedgerTables)
        migrator.registerMigration("v3-dispatch", migrate: createDispatchTables)
        migrator.registerMigration("v4-services", migrate: createServiceTables)
        migrator.registerMigration("v5-settlement-backlog", migrate: createSettlementBacklog)
        migrator.registerMigration("v6-ledger-proofs", migrate: createLedgerProofTables)
        migrator.registerMigration("v7-prices", migrate: createPriceTables)
        migrator.registerMigration("v8-accounts", migrate: createAccountTables)
        migrator.registerMigration("v9-uplink-outbox", migrate: createUplinkOutbox)
        migrator.registerMigration("v10-plan-solve-times", migrate: createPlanSolveTimes)
        migrator.registerMigration("v11-ledger-compact", migrate: compactLedgerTables)
        migrator.registerMigration("v12-forecast-errors", migrate: createForecastErrorTables)
        migrator.registerMigration("v13-outdoor-temperature", migrate: createOutdoorTemperature)
        migrator.registerMigration("v14-posting-range-check", migrate: checkPostingPurposeAsRange)
        migrator.registerMigration("v15-recent-readings", migrate: createRecentReadings)
        return migrator
    }

    /// Plain SQL, so that a PostgreSQL backend can be derived from it line by line.
    private static func createMeteringTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE sites (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    time_zone TEXT NOT NULL
                );
                CREATE TABLE households (
                    unit_id TEXT PRIMARY KEY NOT NULL,
                    site_id TEXT NOT NULL REFERENCES sites(id)
                );
                CREATE TABLE devices (
                    id TEXT PRIMARY KEY NOT NULL,
                    site_id TEXT NOT NULL REFERENCES sites(id),
                    household_id TEXT REFERENCES households(unit_id),
                    kind TEXT NOT NULL,
                    profile TEXT NOT NULL
                );
                -- One row per (device, channel): readings refer to it by a small integer, which keeps
                -- the readings table narrow and its primary key the (series, time) read path.
                CREATE TABLE reading_series (
                    id INTEGER PRIMARY KEY,
                    device_id TEXT NOT NULL REFERENCES devices(id),
                    channel TEXT NOT NULL,
                    UNIQUE (device_id, channel)
                );
                -- `value` has no declared type: SQLite keeps integers as integers and reals as reals.
                CREATE TABLE readings (
                    series_id INTEGER NOT NULL,
                    at INTEGER NOT NULL,
                    value NOT NULL,
                    quality INTEGER NOT NULL,
                    PRIMARY KEY (series_id, at)
                ) WITHOUT ROWID;
                CREATE TABLE intervals (
                    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('household', 'plant')),
                    owner_id TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    start INTEGER NOT NULL,
                    value INTEGER NOT NULL,
                    quality INTEGER NOT NULL CHECK (quality IN (0, 1, 2)),
                    gap_seconds INTEGER,
                    PRIMARY KEY (owner_kind, owner_id, channel, start)
                ) WITHOUT ROWID;
                -- Settlement reads every owner of one interval.
                CREATE INDEX intervals_by_start ON intervals (start);
                CREATE TABLE device_events (
                    id INTEGER PRIMARY KEY,
                    device_id TEXT NOT NULL REFERENCES devices(id),
                    at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    channel TEXT NOT NULL DEFAULT '',
                    detail TEXT NOT NULL,
                    UNIQUE (device_id, at, kind, channel)
                );
                CREATE INDEX device_events_by_time ON device_events (at);
                CREATE TABLE device_health (
                    device_id TEXT PRIMARY KEY NOT NULL REFERENCES devices(id),
                    state TEXT NOT NULL,
                    last_success INTEGER,
                    last_attempt INTEGER,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT
                );
                CREATE TABLE device_errors (
                    device_id TEXT NOT NULL REFERENCES devices(id),
                    kind TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (device_id, kind)
                ) WITHOUT ROWID;
                CREATE TABLE counter_checkpoints (
                    device_id TEXT NOT NULL REFERENCES devices(id),
                    channel TEXT NOT NULL,
                    last_at INTEGER NOT NULL,
                    state BLOB NOT NULL,
                    PRIMARY KEY (device_id, channel)
                ) WITHOUT ROWID;
                """)
    }
}
