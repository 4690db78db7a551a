import GRDB

extension StoreSchema {
    /// Outdoor temperature per settlement interval (migration `v13-outdoor-temperature`).
    ///
    /// - `outdoor_temperature`: per device and interval start, the sum, count, lowest and highest of
    ///   the readings in the interval; the mean is `sum_celsius / samples`. Kept as sums so that each
    ///   new reading is one upsert (a collector restart mid-interval loses nothing), and kept after
    ///   the raw readings expire: the heat and cooling demand regression reads weeks of it.
    static func createOutdoorTemperature(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE outdoor_temperature (
                    device_id TEXT NOT NULL REFERENCES devices(id),
                    start INTEGER NOT NULL,
                    sum_celsius REAL NOT NULL,
                    samples INTEGER NOT NULL CHECK (samples > 0),
                    min_celsius REAL NOT NULL,
                    max_celsius REAL NOT NULL,
                    PRIMARY KEY (device_id, start)
                ) WITHOUT ROWID;
                CREATE INDEX outdoor_temperature_by_start ON outdoor_temperature (start);
                """)
    }
}
