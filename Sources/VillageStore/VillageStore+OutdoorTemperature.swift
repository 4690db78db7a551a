import GRDB
import VillageCore

extension VillageStore {
    /// Folds new outdoor temperature readings into their interval's sums, inside the commit's
    /// transaction. Only readings that were inserted arrive here, so a replayed batch counts nothing
    /// twice; readings the collector rejected or the device marked uncertain are left out.
    func accumulateOutdoorTemperatures(_ readings: [RawReading], _ db: Database) throws {
        guard !readings.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO outdoor_temperature (device_id, start, sum_celsius, samples, min_celsius, max_celsius)
                VALUES (?, ?, ?, 1, ?, ?)
                ON CONFLICT (device_id, start) DO UPDATE SET
                    sum_celsius = sum_celsius + excluded.sum_celsius,
                    samples = samples + 1,
                    min_celsius = MIN(min_celsius, excluded.min_celsius),
                    max_celsius = MAX(max_celsius, excluded.max_celsius)
                """)
        let length = configuration.intervalSeconds
        for reading in readings where reading.quality == .good {
            let celsius: Double
            switch reading.value {
            case .real(let value): celsius = value
            case .integer(let value): celsius = Double(value)
            }
            guard celsius.isFinite else { continue }
            let start = floorDivide(reading.timestamp, length) * length
            try statement.execute(arguments: [reading.deviceId, start, celsius, celsius, celsius])
        }
    }

    /// The mean outdoor temperature of each interval with `from <= start < to`, over every device
    /// that measures it (each reading weighs the same).
    public func outdoorTemperatures(from: Int64, to: Int64) async throws(StoreError) -> [Int64: Double] {
        try await read("outdoor temperatures") { db in try Self.outdoorTemperatures(db, from: from, to: to) }
    }

    /// ``outdoorTemperatures(from:to:)`` on an open database; empty when the table does not exist
    /// (a database from before outdoor temperatures were stored, opened read-only).
    package static func outdoorTemperatures(_ db: Database, from: Int64, to: Int64) throws -> [Int64: Double] {
        guard try db.tableExists("outdoor_temperature") else { return [:] }
        var means: [Int64: Double] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT start, SUM(sum_celsius) / SUM(samples) AS mean FROM outdoor_temperature
                WHERE start >= ? AND start < ? GROUP BY start
                """,
            arguments: [from, to])
        {
            means[row["start"]] = row["mean"]
        }
        return means
    }

    /// Every device's interval records with `from <= start < to`, by start then device.
    public func outdoorTemperatureIntervals(from: Int64, to: Int64) async throws(StoreError)
        -> [OutdoorTemperatureInterval]
    {
        try await read("outdoor temperature intervals") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT device_id, start, sum_celsius, samples, min_celsius, max_celsius FROM outdoor_temperature
                    WHERE start >= ? AND start < ? ORDER BY start, device_id
                    """,
                arguments: [from, to]
            ).map { row in
                let samples: Int = row["samples"]
                let sum: Double = row["sum_celsius"]
                return OutdoorTemperatureInterval(
                    deviceId: row["device_id"], start: row["start"], meanCelsius: sum / Double(samples),
                    minCelsius: row["min_celsius"], maxCelsius: row["max_celsius"], samples: samples)
            }
        }
    }
}
