import GRDB

extension VillageStore {
    /// Intervals of one owner and channel with `from <= start < to`, oldest first.
    public func intervals(
        owner: IntervalOwner, channel: MeteringChannel, from: Int64, to: Int64
    ) async throws(StoreError) -> [IntervalEnergy] {
        try await read("intervals") { [self] db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT start, value, quality, gap_seconds FROM intervals
                    WHERE owner_kind = ? AND owner_id = ? AND channel = ? AND start >= ? AND start < ?
                    ORDER BY start
                    """,
                arguments: [owner.kind, owner.id, channel.rawValue, from, to]
            ).map { row in
                let rank: Int = row["quality"]
                guard let quality = IntervalQuality(rank: rank, gapSeconds: row["gap_seconds"]) else {
                    throw error(.invalidValue, "interval \(owner) \(channel)", "stored quality \(rank) is unknown")
                }
                return IntervalEnergy(
                    owner: owner, channel: channel, start: row["start"], value: row["value"], quality: quality)
            }
        }
    }

    /// Raw readings of one device channel with `from <= timestamp < to`, oldest first.
    public func readings(
        deviceId: String, channel: MeteringChannel, from: Int64, to: Int64
    ) async throws(StoreError) -> [RawReading] {
        try await read("readings") { [self] db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.at, r.value, r.quality FROM all_readings r
                    JOIN reading_series s ON s.id = r.series_id
                    WHERE s.device_id = ? AND s.channel = ? AND r.at >= ? AND r.at < ?
                    ORDER BY r.at
                    """,
                arguments: [deviceId, channel.rawValue, from, to]
            ).map { row in
                let value: ReadingValue
                switch (row["value"] as DatabaseValue).storage {
                case .int64(let integer): value = .integer(integer)
                case .double(let real): value = .real(real)
                default: throw error(.invalidValue, "reading of \(deviceId) \(channel)", "stored value is not a number")
                }
                let rawQuality: Int = row["quality"]
                guard let quality = ReadingQuality(rawValue: rawQuality) else {
                    throw error(
                        .invalidValue, "reading of \(deviceId) \(channel)", "stored quality \(rawQuality) is unknown")
                }
                return RawReading(
                    deviceId: deviceId, channel: channel, timestamp: row["at"], value: value, quality: quality)
            }
        }
    }

    /// Events with `from <= timestamp < to`, of one device or of all, oldest first.
    public func events(deviceId: String? = nil, from: Int64, to: Int64) async throws(StoreError) -> [DeviceEvent] {
        try await read("events") { [self] db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT device_id, at, kind, channel, detail FROM device_events
                    WHERE (?1 IS NULL OR device_id = ?1) AND at >= ?2 AND at < ?3
                    ORDER BY at, id
                    """,
                arguments: [deviceId, from, to]
            ).map { row in
                let rawKind: String = row["kind"]
                guard let kind = DeviceEventKind(rawValue: rawKind) else {
                    throw error(
                        .invalidValue, "event of \(row["device_id"] as String)", "stored kind \"\(rawKind)\" is unknown"
                    )
                }
                let channel: String = row["channel"]
                return DeviceEvent(
                    deviceId: row["device_id"], timestamp: row["at"], kind: kind,
                    channel: channel.isEmpty ? nil : MeteringChannel(rawValue: channel), detail: row["detail"])
            }
        }
    }

    /// Health of every registered device (never-polled devices are `unknown`), by device id.
    public func health() async throws(StoreError) -> [DeviceHealth] {
        try await read("health") { db in
            var counts: [String: [String: Int64]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT device_id, kind, count FROM device_errors") {
                counts[row["device_id"], default: [:]][row["kind"]] = row["count"]
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, h.state, h.last_success, h.last_attempt, h.consecutive_failures, h.last_error
                    FROM devices d LEFT JOIN device_health h ON h.device_id = d.id
                    ORDER BY d.id
                    """
            ).map { row in
                let id: String = row["id"]
                let state = (row["state"] as String?).flatMap(DeviceState.init(rawValue:)) ?? .unknown
                return DeviceHealth(
                    deviceId: id, state: state, lastSuccess: row["last_success"], lastAttempt: row["last_attempt"],
                    consecutiveFailures: row["consecutive_failures"] ?? 0, errorCounts: counts[id] ?? [:],
                    lastError: row["last_error"])
            }
        }
    }

    /// Every saved counter checkpoint, for a restarting collector.
    public func checkpoints() async throws(StoreError) -> [CounterCheckpoint] {
        try await read("checkpoints") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT device_id, channel, last_at, state FROM counter_checkpoints ORDER BY device_id, channel"
            ).map { row in
                CounterCheckpoint(
                    deviceId: row["device_id"], channel: MeteringChannel(rawValue: row["channel"]),
                    lastTimestamp: row["last_at"], state: row["state"])
            }
        }
    }
}

extension VillageStore {
    /// The time of the last committed poll cycle (every cycle records each polled device's health in
    /// its transaction), or nil before the first. A restarted collector resumes after it.
    public func lastPollTimestamp() async throws(StoreError) -> Int64? {
        try await read("last poll") { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(last_attempt) FROM device_health")
        }
    }
}

extension VillageStore {
    /// The start of the latest 15-minute interval recorded for any owner, or nil when none is.
    public func lastIntervalStart() async throws(StoreError) -> Int64? {
        try await read("last interval") { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(start) FROM intervals")
        }
    }
}

extension VillageStore {
    /// The start of the earliest 15-minute interval recorded for a household, or nil when none is
    /// (plant levels can start an interval earlier; the market settles households only).
    public func firstHouseholdIntervalStart() async throws(StoreError) -> Int64? {
        try await read("first household interval") { db in
            // In start order through `intervals_by_start`: the first household row ends the scan.
            try Int64.fetchOne(
                db,
                sql:
                    "SELECT start FROM intervals INDEXED BY intervals_by_start WHERE owner_kind = 'household' ORDER BY start LIMIT 1"
            )
        }
    }
}
