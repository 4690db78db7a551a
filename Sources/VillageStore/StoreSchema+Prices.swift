import GRDB

extension StoreSchema {
    /// The hourly system marginal price as the power exchange publishes it, and the intervals
    /// settled before it was (migration `v7-prices`).
    ///
    /// `smp_prices` keeps every value ever imported: a second import of the same value adds
    /// nothing, a changed value adds a row (a revision) and the newest row of an hour is its price.
    /// Rows carry an increasing id so that the price true-up reads exactly the rows written since
    /// it last looked. `provisional_prices` names each interval settled with a provisional export
    /// price, the rule that gave it and, once the official price is known, the ledger correction
    /// that trued it up.
    static func createPriceTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE smp_imports (
                    id INTEGER PRIMARY KEY,
                    source_file TEXT NOT NULL,
                    region TEXT NOT NULL CHECK (region IN ('mainland', 'jeju')),
                    imported_at INTEGER NOT NULL
                );
                CREATE TABLE smp_prices (
                    id INTEGER PRIMARY KEY,
                    region TEXT NOT NULL CHECK (region IN ('mainland', 'jeju')),
                    hour_start INTEGER NOT NULL CHECK (hour_start % 3600 = 0),
                    price_milli_won INTEGER NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES smp_imports(id),
                    source_line INTEGER NOT NULL
                );
                CREATE INDEX smp_prices_by_hour ON smp_prices (region, hour_start, id);
                CREATE TABLE provisional_prices (
                    interval_start INTEGER PRIMARY KEY NOT NULL,
                    region TEXT NOT NULL CHECK (region IN ('mainland', 'jeju')),
                    export_price_milli_won INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    basis_hour_start INTEGER,
                    official_price_milli_won INTEGER,
                    trued_up_sequence INTEGER
                );
                CREATE INDEX provisional_prices_open ON provisional_prices (interval_start)
                    WHERE official_price_milli_won IS NULL;
                CREATE TABLE price_trueup_progress (
                    region TEXT PRIMARY KEY NOT NULL CHECK (region IN ('mainland', 'jeju')),
                    through_price_id INTEGER NOT NULL
                );
                """)
    }
}
