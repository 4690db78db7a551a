import GRDB
import GRDBSQLite
import Synchronization

extension VillageStore {
    /// Writes one collector cycle (readings, intervals, events, health, checkpoints) in one
    /// transaction: after a crash at any point, either all of it is in the database or none.
    ///
    /// Replaying a batch is harmless: readings and events already stored are skipped, intervals are
    /// keyed by (owner, channel, start), and a checkpoint never moves back in time. An interval is
    /// never replaced by one of lower quality (a `measured` value is not overwritten by `missing`).
    @discardableResult
    public func commit(_ batch: MeteringBatch) async throws(StoreError) -> CommitSummary {
        guard !batch.isEmpty else { return CommitSummary(readingsInserted: 0, intervalsChanged: 0, eventsInserted: 0) }
        try validate(batch)
        let known = seriesCache.withLock { $0 }
        let (summary, created) = try await write("commit") { [self] db in
            var series = SeriesResolver(known: known)
            var temperatures: [RawReading] = []
            let readings = try insertReadings(batch.readings, db, &series, newOutdoorTemperatures: &temperatures)
            try accumulateOutdoorTemperatures(temperatures, db)
            let intervals = try upsertIntervals(batch.intervals, db)
            let events = try insertEvents(batch.events, db)
            try applyHealth(batch.health, db)
            try saveCheckpoints(batch.checkpoints, db)
            let summary = CommitSummary(readingsInserted: readings, intervalsChanged: intervals, eventsInserted: events)
            return (summary, series.created)
        }
        if !created.isEmpty {
            seriesCache.withLock { $0.merge(created) { old, _ in old } }
        }
        return summary
    }

    /// Stores raw readings in one transaction.
    @discardableResult
    public func record(readings: [RawReading]) async throws(StoreError) -> CommitSummary {
        try await commit(MeteringBatch(readings: readings))
    }

    /// Inserts or updates interval energies in one transaction; idempotent.
    @discardableResult
    public func upsert(intervals: [IntervalEnergy]) async throws(StoreError) -> CommitSummary {
        try await commit(MeteringBatch(intervals: intervals))
    }

    /// Records one device event (stored once even if recorded again).
    @discardableResult
    public func record(event: DeviceEvent) async throws(StoreError) -> CommitSummary {
        try await commit(MeteringBatch(events: [event]))
    }

    /// Folds poll outcomes into the devices' health.
    public func updateHealth(_ updates: [HealthUpdate]) async throws(StoreError) {
        try await commit(MeteringBatch(health: updates))
    }

    /// Saves counter-logic checkpoints (prefer `commit` with the intervals they produced).
    public func save(checkpoints: [CounterCheckpoint]) async throws(StoreError) {
        try await commit(MeteringBatch(checkpoints: checkpoints))
    }

    // MARK: - Validation before any write

    private func validate(_ batch: MeteringBatch) throws(StoreError) {
        for reading in batch.readings {
            try validateDeviceId(reading.deviceId, "reading")
            try validateChannel(reading.channel, "reading of \(reading.deviceId)")
        }
        for interval in batch.intervals {
            let subject = "interval \(interval.owner) \(interval.channel) \(interval.start)"
            try validateChannel(interval.channel, subject)
            guard !interval.owner.id.isEmpty else { throw error(.invalidValue, subject, "owner id is empty") }
            guard interval.start % configuration.intervalSeconds == 0 else {
                throw error(.invalidValue, subject, "start is not aligned to \(configuration.intervalSeconds) s")
            }
            if let gap = interval.quality.gapSeconds, gap < 0 {
                throw error(.invalidValue, subject, "gap length is negative")
            }
        }
        for event in batch.events {
            try validateDeviceId(event.deviceId, "event")
            if let channel = event.channel { try validateChannel(channel, "event of \(event.deviceId)") }
        }
        for update in batch.health {
            try validateDeviceId(update.deviceId, "health update")
            if case .failure(let kind, _) = update.outcome, kind.isEmpty {
                throw error(.invalidValue, "health update of \(update.deviceId)", "error kind is empty")
            }
        }
        for checkpoint in batch.checkpoints {
            try validateDeviceId(checkpoint.deviceId, "checkpoint")
            try validateChannel(checkpoint.channel, "checkpoint of \(checkpoint.deviceId)")
        }
    }

    private func validateDeviceId(_ id: String, _ subject: String) throws(StoreError) {
        if id.isEmpty { throw error(.invalidValue, subject, "device id is empty") }
    }

    private func validateChannel(_ channel: MeteringChannel, _ subject: String) throws(StoreError) {
        guard channel.isWellFormed else {
            throw error(
                .invalidValue, subject,
                "channel \"\(channel)\" is not lowercase dotted words (letters, digits, _)")
        }
    }

    // MARK: - Writes inside the transaction

    /// Bulk insert into `recent_readings` through one prepared statement, bound with the C API: the
    /// per-row cost is one dictionary lookup plus SQLite's own work. A reading earlier than
    /// `moved_before` may already be in `readings`; only those are looked up there. Then moves the
    /// quarter hours that are over to `readings` (see `StoreSchema.createRecentReadings`).
    /// Outdoor temperature readings that were new (not a replay) are handed back in
    /// `newOutdoorTemperatures`, for the interval means.
    private func insertReadings(
        _ readings: [RawReading], _ db: Database, _ series: inout SeriesResolver,
        newOutdoorTemperatures: inout [RawReading]
    ) throws -> Int {
        guard !readings.isEmpty else { return 0 }
        let movedBefore = try movedReadingsBound(db)
        let statement = try db.cachedStatement(sql: StoreSchema.insertRecentReadingSQL)
        let handle = statement.sqliteStatement
        let connection = db.sqliteConnection
        var inserted = 0
        var newest = Int64.min
        var insertedBeforeBound = false
        for reading in readings {
            let seriesId = try series.id(deviceId: reading.deviceId, channel: reading.channel, db: db, store: self)
            newest = max(newest, reading.timestamp)
            let late = reading.timestamp < movedBefore
            if late, try movedReadingExists(seriesId: seriesId, at: reading.timestamp, db) { continue }
            sqlite3_bind_int64(handle, 1, reading.timestamp)
            sqlite3_bind_int64(handle, 2, seriesId)
            switch reading.value {
            case .integer(let value): sqlite3_bind_int64(handle, 3, value)
            case .real(let value): sqlite3_bind_double(handle, 3, value)
            }
            sqlite3_bind_int64(handle, 4, Int64(reading.quality.rawValue))
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else {
                let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(code)"
                sqlite3_reset(handle)
                throw error(.sqlite, "reading of \(reading.deviceId) \(reading.channel)", message)
            }
            let changes = Int(sqlite3_changes(connection))
            inserted += changes
            if changes > 0 {
                insertedBeforeBound = insertedBeforeBound || late
                if reading.channel == .outdoorTemperature { newOutdoorTemperatures.append(reading) }
            }
            sqlite3_reset(handle)
        }
        try moveFinishedReadings(newest: newest, insertedBeforeBound: insertedBeforeBound, movedBefore: movedBefore, db)
        return inserted
    }

    private func upsertIntervals(_ intervals: [IntervalEnergy], _ db: Database) throws -> Int {
        guard !intervals.isEmpty else { return 0 }
        try requireOwners(Set(intervals.map(\.owner)), db)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO intervals (owner_kind, owner_id, channel, start, value, quality, gap_seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (owner_kind, owner_id, channel, start) DO UPDATE SET
                    value = excluded.value, quality = excluded.quality, gap_seconds = excluded.gap_seconds
                WHERE excluded.quality >= intervals.quality
                    AND (intervals.value IS NOT excluded.value OR intervals.quality IS NOT excluded.quality
                        OR intervals.gap_seconds IS NOT excluded.gap_seconds)
                """)
        // Bound with the C API, as the readings are.
        let handle = statement.sqliteStatement
        let connection = db.sqliteConnection
        var changed = 0
        var settlementStarts: Set<Int64> = []
        for interval in intervals {
            sqlite3_bind_text(handle, 1, interval.owner.kind, -1, Self.transientDestructor)
            sqlite3_bind_text(handle, 2, interval.owner.id, -1, Self.transientDestructor)
            sqlite3_bind_text(handle, 3, interval.channel.rawValue, -1, Self.transientDestructor)
            sqlite3_bind_int64(handle, 4, interval.start)
            sqlite3_bind_int64(handle, 5, interval.value)
            sqlite3_bind_int64(handle, 6, Int64(interval.quality.rank))
            if let gap = interval.quality.gapSeconds {
                sqlite3_bind_int64(handle, 7, gap)
            } else {
                sqlite3_bind_null(handle, 7)
            }
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else {
                let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(code)"
                sqlite3_reset(handle)
                throw error(.sqlite, "interval \(interval.owner) \(interval.channel) \(interval.start)", message)
            }
            let rowChanged = Int(sqlite3_changes(connection))
            sqlite3_reset(handle)
            changed += rowChanged
            if rowChanged > 0, interval.quality.rank > 0, interval.channel.mattersToSettlement(for: interval.owner) {
                settlementStarts.insert(interval.start)
            }
        }
        try markForSettlement(settlementStarts, db)
        return changed
    }

    private func insertEvents(_ events: [DeviceEvent], _ db: Database) throws -> Int {
        guard !events.isEmpty else { return 0 }
        try requireDevices(Set(events.map(\.deviceId)), "event", db)
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO device_events (device_id, at, kind, channel, detail)
                VALUES (?, ?, ?, ?, ?)
                """)
        var inserted = 0
        for event in events {
            try statement.execute(arguments: [
                event.deviceId, event.timestamp, event.kind.rawValue, event.channel?.rawValue ?? "", event.detail,
            ])
            inserted += db.changesCount
        }
        return inserted
    }

    private func applyHealth(_ updates: [HealthUpdate], _ db: Database) throws {
        guard !updates.isEmpty else { return }
        let devices = Set(updates.map(\.deviceId))
        try requireDevices(devices, "health update", db)
        // A cycle's routine successes (no change of state) share one statement per poll time, not
        // one each. Grouping reorders updates, which is only harmless when no device has two.
        var routine: [Int64: [String]] = [:]
        var remaining = updates
        if devices.count == updates.count {
            remaining = []
            for update in updates {
                if update.outcome == .success, update.state == nil {
                    routine[update.timestamp, default: []].append(update.deviceId)
                } else {
                    remaining.append(update)
                }
            }
        }
        for (timestamp, ids) in routine.sorted(by: { $0.key < $1.key }) {
            try applyRoutineSuccesses(ids, at: timestamp, db)
        }
        guard !remaining.isEmpty else { return }
        // Looked up once per commit, not per device: the cache lookup hashes the whole SQL text.
        let success = try db.cachedStatement(
            sql: """
                INSERT INTO device_health (device_id, state, last_success, last_attempt, consecutive_failures)
                VALUES (?, COALESCE(?, 'unknown'), ?, ?, 0)
                ON CONFLICT (device_id) DO UPDATE SET
                    state = COALESCE(?, state),
                    last_success = MAX(COALESCE(last_success, excluded.last_success), excluded.last_success),
                    last_attempt = MAX(COALESCE(last_attempt, excluded.last_attempt), excluded.last_attempt),
                    consecutive_failures = 0
                """)
        let failure = try db.cachedStatement(
            sql: """
                INSERT INTO device_health (device_id, state, last_attempt, consecutive_failures, last_error)
                VALUES (?, COALESCE(?, 'unknown'), ?, 1, ?)
                ON CONFLICT (device_id) DO UPDATE SET
                    state = COALESCE(?, state),
                    last_attempt = MAX(COALESCE(last_attempt, excluded.last_attempt), excluded.last_attempt),
                    consecutive_failures = consecutive_failures + 1,
                    last_error = excluded.last_error
                """)
        let errorCount = try db.cachedStatement(
            sql: """
                INSERT INTO device_errors (device_id, kind, count) VALUES (?, ?, 1)
                ON CONFLICT (device_id, kind) DO UPDATE SET count = count + 1
                """)
        for update in remaining {
            let state = update.state?.rawValue
            try recordTransition(update, db)
            switch update.outcome {
            case .success:
                try success.execute(arguments: [update.deviceId, state, update.timestamp, update.timestamp, state])
            case .failure(let kind, let message):
                try failure.execute(arguments: [update.deviceId, state, update.timestamp, message, state])
                try errorCount.execute(arguments: [update.deviceId, kind])
            }
        }
    }

    /// Successful polls at `timestamp` that change no device's state, as the one-row success upsert
    /// of `applyHealth` would apply them, with one statement per chunk of devices.
    private func applyRoutineSuccesses(_ ids: [String], at timestamp: Int64, _ db: Database) throws {
        let chunkSize = 500
        for chunkStart in stride(from: 0, to: ids.count, by: chunkSize) {
            let chunk = ids[chunkStart..<min(chunkStart + chunkSize, ids.count)]
            // ?1 is the poll time, ?2... the devices; the statement is cached per chunk length.
            let rows = (0..<chunk.count).map { "(?\($0 + 2), 'unknown', ?1, ?1, 0)" }.joined(separator: ", ")
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO device_health (device_id, state, last_success, last_attempt, consecutive_failures)
                    VALUES \(rows)
                    ON CONFLICT (device_id) DO UPDATE SET
                        last_success = MAX(COALESCE(last_success, excluded.last_success), excluded.last_success),
                        last_attempt = MAX(COALESCE(last_attempt, excluded.last_attempt), excluded.last_attempt),
                        consecutive_failures = 0
                    """)
            // Bound with the C API, as the readings are: GRDB's arguments cost more than the upsert.
            let handle = statement.sqliteStatement
            sqlite3_bind_int64(handle, 1, timestamp)
            for (offset, id) in chunk.enumerated() {
                sqlite3_bind_text(handle, Int32(offset + 2), id, -1, Self.transientDestructor)
            }
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            guard code == SQLITE_DONE else {
                let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(code)"
                throw error(.sqlite, "health of \(chunk.count) devices", message)
            }
        }
    }

    /// A change of state to online or offline is also a device event, written with the health
    /// row so that the two never disagree (recording the same event again is harmless).
    private func recordTransition(_ update: HealthUpdate, _ db: Database) throws {
        guard let next = update.state, next != .unknown else { return }
        let current = try String.fetchOne(
            db.cachedStatement(sql: "SELECT state FROM device_health WHERE device_id = ?"), arguments: [update.deviceId]
        )
        guard current != next.rawValue else { return }
        let kind: DeviceEventKind = next == .online ? .online : .offline
        let detail: String
        switch update.outcome {
        case .success: detail = "poll succeeded"
        case .failure(let errorKind, let message): detail = "\(errorKind): \(message)"
        }
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO device_events (device_id, at, kind, channel, detail) VALUES (?, ?, ?, '', ?)"
        ).execute(arguments: [update.deviceId, update.timestamp, kind.rawValue, detail])
    }

    private func saveCheckpoints(_ checkpoints: [CounterCheckpoint], _ db: Database) throws {
        guard !checkpoints.isEmpty else { return }
        try requireDevices(Set(checkpoints.map(\.deviceId)), "checkpoint", db)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO counter_checkpoints (device_id, channel, last_at, state) VALUES (?, ?, ?, ?)
                ON CONFLICT (device_id, channel) DO UPDATE SET last_at = excluded.last_at, state = excluded.state
                WHERE excluded.last_at >= counter_checkpoints.last_at
                """)
        for checkpoint in checkpoints {
            try statement.execute(arguments: [
                checkpoint.deviceId, checkpoint.channel.rawValue, checkpoint.lastTimestamp, checkpoint.state,
            ])
        }
    }

    /// SQLite copies text bound with it (`SQLITE_TRANSIENT`, a macro Swift does not import).
    static let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    // MARK: - Identifier checks

    func requireDevices(_ ids: Set<String>, _ subject: String, _ db: Database) throws {
        let unchecked = registeredDevices.withLock { ids.subtracting($0) }
        for id in unchecked.sorted() {
            let exists = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM devices WHERE id = ?)", arguments: [id])
            if exists != true {
                throw error(.unknownDevice, "\(subject) of \(id)", "device \"\(id)\" is not registered")
            }
        }
        // Remembered only once the transaction that saw them commits would be stricter, but a device
        // row is never deleted, so one that exists now exists for good.
        registeredDevices.withLock { $0.formUnion(unchecked) }
    }

    private func requireOwners(_ owners: Set<IntervalOwner>, _ db: Database) throws {
        let unchecked = registeredOwners.withLock { owners.subtracting($0) }
        guard !unchecked.isEmpty else { return }
        for owner in unchecked.sorted(by: { $0.description < $1.description }) {
            let sql: String
            switch owner {
            case .household: sql = "SELECT EXISTS (SELECT 1 FROM households WHERE unit_id = ?)"
            case .plant: sql = "SELECT EXISTS (SELECT 1 FROM devices WHERE id = ? AND household_id IS NULL)"
            }
            let exists = try Bool.fetchOne(db, sql: sql, arguments: [owner.id])
            if exists != true {
                throw error(.unknownOwner, "interval owner \(owner)", "\(owner.kind) \"\(owner.id)\" is not registered")
            }
        }
        // As for devices: households and devices are never deleted, so an owner found stays valid.
        registeredOwners.withLock { $0.formUnion(unchecked) }
    }
}
