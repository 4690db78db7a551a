import GRDB

extension StoreSchema {
    /// The dispatch scheduler's plans and the setpoints it wrote (migration `v3-dispatch`).
    ///
    /// Independent of every other migration after `v1-metering`: it references no other table, so
    /// it can be applied before or after the ledger's.
    static func createDispatchTables(_ db: Database) throws {
        try db.execute(
            sql: """
                -- One row per planned step of every plan the scheduler made: what it expected to do.
                CREATE TABLE dispatch_plans (
                    planned_at INTEGER NOT NULL,
                    strategy TEXT NOT NULL,
                    step_start INTEGER NOT NULL,
                    battery_charge_wh INTEGER NOT NULL,
                    battery_discharge_wh INTEGER NOT NULL,
                    battery_energy_wh INTEGER NOT NULL,
                    heating_wh INTEGER NOT NULL,
                    cooling_wh INTEGER NOT NULL,
                    grid_import_wh INTEGER NOT NULL,
                    grid_export_wh INTEGER NOT NULL,
                    expected_cost_milli_won INTEGER NOT NULL,
                    PRIMARY KEY (planned_at, step_start)
                ) WITHOUT ROWID;
                -- Every setpoint written to a device, with the value the plan asked for before clamping.
                CREATE TABLE dispatch_commands (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    device_id TEXT NOT NULL,
                    setpoint TEXT NOT NULL,
                    value REAL NOT NULL,
                    clamped_from REAL,
                    UNIQUE (at, device_id, setpoint)
                );
                CREATE INDEX dispatch_commands_by_time ON dispatch_commands (at);
                """)
    }
}
