import Foundation
import GRDB
import Market
import MarketStore
import VillageStore
import VillageUplink

/// The outbox in the village database: what the city backend has not acknowledged, batches taken
/// from it, and the bookkeeping of an acknowledgement, all in SQLite transactions.
///
/// Intervals and events come from the outbox tables that triggers fill (so every writer is
/// caught, and a rewritten interval is pending again with a higher revision); the ledger and its
/// checkpoints are append-only, so a cursor each is enough. A batch is written to
/// `uplink_in_flight` before it is sent and sent unchanged until acknowledged; only the
/// acknowledgement deletes outbox rows and moves the cursors, in one transaction.
package struct UplinkOutbox: Sendable {
    package let store: VillageStore
    let ledger: SQLiteLedgerStore

    package init(store: VillageStore) {
        self.store = store
        self.ledger = SQLiteLedgerStore(store: store)
    }

    // MARK: - State

    /// Enables the uplink once and puts every interval and event already stored in the outbox, so
    /// that the backend gets the village's whole history; names the village after its site. Returns
    /// the state (the same after the first time).
    ///
    /// The history goes in one day of intervals per transaction, so that enabling the uplink of a
    /// village with years of data never holds the database's writer for long; a crash part-way
    /// continues at the next call. An interval rewritten meanwhile keeps the row its trigger wrote.
    @discardableResult
    package func enable(at time: Int64) async throws(UplinkError) -> UplinkState {
        var state = try await write("enable the uplink") { db in
            if let state = try Self.state(db) { return state }
            guard let site = try String.fetchOne(db, sql: "SELECT id FROM sites ORDER BY id LIMIT 1") else {
                throw UplinkError.configuration(
                    "\(store.path): no site is registered yet; run the village (`village run`) before its uplink")
            }
            let range = try Row.fetchOne(db, sql: "SELECT MIN(start) AS first, MAX(start) AS last FROM intervals")
            try db.execute(
                sql: """
                    INSERT INTO uplink_state (id, village, enabled_at, next_batch, ledger_acknowledged,
                        checkpoint_acknowledged, history_next, history_end)
                    VALUES (1, ?, ?, 1, 0, 0, ?, ?)
                    """,
                arguments: [
                    Self.villageName(site: site), time, range?["first"] as Int64?, range?["last"] as Int64?,
                ])
            try db.execute(
                sql: "INSERT OR IGNORE INTO uplink_event_outbox (event_id) SELECT id FROM device_events ORDER BY id")
            guard let state = try Self.state(db) else { throw UplinkError.store("the uplink state was not written") }
            return state
        }
        while let next = state.historyNext, let end = state.historyEnd {
            let chunkEnd = next + 86_400
            state = try await write("queue the stored intervals") { db in
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO uplink_interval_outbox (owner_kind, owner_id, channel, start)
                        SELECT owner_kind, owner_id, channel, start FROM intervals WHERE start >= ? AND start < ?
                        ORDER BY start, owner_kind, owner_id, channel
                        """,
                    arguments: [next, chunkEnd])
                try db.execute(
                    sql: "UPDATE uplink_state SET history_next = ?, history_end = ? WHERE id = 1",
                    arguments: chunkEnd > end ? [nil, nil] : [chunkEnd, end])
                guard let state = try Self.state(db) else { throw UplinkError.store("the uplink state is gone") }
                return state
            }
        }
        return state
    }

    /// The village's name towards the backend: the site id as one word of letters, digits, `.`, `_`
    /// and `-` (any other run of characters becomes one `-`), at most 64 characters, so that it is
    /// safe in a URL and a file name. `village status` shows it, for registering the village.
    package static func villageName(site: String) -> String {
        var name = ""
        for character in site {
            let allowed = character.isASCII && (character.isLetter || character.isNumber || ".-_".contains(character))
            if allowed {
                name.append(character)
            } else if !name.isEmpty, name.last != "-" {
                name.append("-")
            }
        }
        while name.hasSuffix("-") { name.removeLast() }
        return name.isEmpty ? "village" : String(name.prefix(64))
    }

    /// The uplink's state, or nil when it was never enabled.
    package func state() async throws(UplinkError) -> UplinkState? {
        try await read("uplink state") { db in try Self.state(db) }
    }

    static func state(_ db: Database) throws -> UplinkState? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM uplink_state WHERE id = 1") else { return nil }
        return UplinkState(
            village: row["village"], enabledAt: row["enabled_at"], nextBatch: row["next_batch"],
            ledgerAcknowledged: row["ledger_acknowledged"], checkpointAcknowledged: row["checkpoint_acknowledged"],
            lastAcknowledgedBatch: row["last_acknowledged_batch"], lastAcknowledgedAt: row["last_acknowledged_at"],
            lastAttemptAt: row["last_attempt_at"], lastError: row["last_error"], lastErrorAt: row["last_error_at"],
            historyNext: row["history_next"], historyEnd: row["history_end"])
    }

    // MARK: - Batches

    /// The batch to send: the one in flight if there is one (a resend), else a new one from the
    /// outbox, recorded as in flight before it is returned. Nil when nothing is pending.
    ///
    /// A second uploader on the same database (`village uplink push` beside the daemon) cannot
    /// record a batch assembled from a state that the first one has moved on from: the batch is
    /// only recorded if the state it was assembled from is still the state, else it is assembled
    /// again.
    package func nextBatch(limits: UplinkLimits = .standard, at time: Int64) async throws(UplinkError) -> InFlightBatch?
    {
        for _ in 0..<5 {
            if let inFlight = try await inFlight() { return inFlight }
            guard let state = try await state() else {
                throw UplinkError.configuration("\(store.path): the uplink is not enabled")
            }
            let parts = try await pendingParts(state: state, limits: limits)
            guard !parts.batch.isEmpty else { return nil }
            let body: [UInt8]
            do {
                body = try Gzip.compress(Array(UplinkProtocol.encoder().encode(parts.batch)))
            } catch {
                throw UplinkError.store("cannot encode batch \(state.nextBatch): \(error)")
            }
            let batch = InFlightBatch(
                number: state.nextBatch, body: body, intervals: parts.batch.intervals.count,
                events: parts.batch.events.count, ledger: parts.batch.ledger.count,
                checkpoints: parts.batch.checkpoints.count, intervalsThrough: parts.intervalsThrough,
                eventsThrough: parts.eventsThrough, ledgerEnd: parts.ledgerEnd,
                checkpointsThrough: parts.checkpointsThrough, assembledAt: time)
            let recorded = try await write("record the batch in flight") { db in
                guard try Self.state(db) == state,
                    try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM uplink_in_flight)") == false
                else { return false }
                try db.execute(
                    sql: """
                        INSERT INTO uplink_in_flight (batch_number, body, intervals, events, ledger, checkpoints,
                            intervals_through, events_through, ledger_end, checkpoints_through, assembled_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        batch.number, Data(batch.body), batch.intervals, batch.events, batch.ledger,
                        batch.checkpoints, batch.intervalsThrough, batch.eventsThrough, batch.ledgerEnd,
                        batch.checkpointsThrough, batch.assembledAt,
                    ])
                return true
            }
            if recorded { return batch }
        }
        throw UplinkError.store("\(store.path): another uploader keeps changing the uplink state; try again")
    }

    /// The batch sent and not acknowledged yet, if any.
    package func inFlight() async throws(UplinkError) -> InFlightBatch? {
        try await read("batch in flight") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM uplink_in_flight ORDER BY batch_number LIMIT 1")
            else { return nil }
            let body: Data = row["body"]
            return InFlightBatch(
                number: row["batch_number"], body: Array(body), intervals: row["intervals"], events: row["events"],
                ledger: row["ledger"], checkpoints: row["checkpoints"], intervalsThrough: row["intervals_through"],
                eventsThrough: row["events_through"], ledgerEnd: row["ledger_end"],
                checkpointsThrough: row["checkpoints_through"], assembledAt: row["assembled_at"])
        }
    }

    private struct Parts: Sendable {
        var batch: UplinkBatch
        var intervalsThrough: Int64
        var eventsThrough: Int64
        var ledgerEnd: Int64
        var checkpointsThrough: Int64
    }

    /// The oldest pending intervals and events (in revision order, each part a prefix of its outbox),
    /// the ledger transactions after the backend's copy and the checkpoints that copy covers.
    private func pendingParts(state: UplinkState, limits: UplinkLimits) async throws(UplinkError) -> Parts {
        let (intervals, intervalsThrough, events, eventsThrough) = try await read("pending intervals and events") {
            db in
            var intervals: [UplinkInterval] = []
            var intervalsThrough: Int64 = 0
            let intervalRows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT o.revision, o.owner_kind, o.owner_id, o.channel, o.start, i.value, i.quality, i.gap_seconds
                    FROM (SELECT * FROM uplink_interval_outbox ORDER BY revision LIMIT ?) o
                    LEFT JOIN intervals i ON i.owner_kind = o.owner_kind AND i.owner_id = o.owner_id
                        AND i.channel = o.channel AND i.start = o.start
                    ORDER BY o.revision
                    """,
                arguments: [limits.intervals])
            while let row = try intervalRows.next() {
                intervalsThrough = row["revision"]
                // An outbox row without its interval (none is ever deleted) has nothing to send.
                guard (row["value"] as Int64?) != nil, let interval = try Self.interval(row) else { continue }
                intervals.append(UplinkInterval(interval: interval, revision: intervalsThrough))
            }
            var events: [DeviceEvent] = []
            var eventsThrough: Int64 = 0
            let eventRows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT o.revision, e.device_id, e.at, e.kind, e.channel, e.detail
                    FROM (SELECT * FROM uplink_event_outbox ORDER BY revision LIMIT ?) o
                    LEFT JOIN device_events e ON e.id = o.event_id
                    ORDER BY o.revision
                    """,
                arguments: [limits.events])
            while let row = try eventRows.next() {
                eventsThrough = row["revision"]
                guard let device = row["device_id"] as String?, let kindName = row["kind"] as String? else { continue }
                guard let kind = DeviceEventKind(rawValue: kindName) else {
                    throw UplinkError.store("device event of \(device) has the unknown kind \"\(kindName)\"")
                }
                let channel: String = row["channel"]
                events.append(
                    DeviceEvent(
                        deviceId: device, timestamp: row["at"], kind: kind,
                        channel: channel.isEmpty ? nil : MeteringChannel(rawValue: channel), detail: row["detail"]))
            }
            return (intervals, intervalsThrough, events, eventsThrough)
        }
        let ledgerParts:
            (transactions: [LedgerTransaction], end: Int64, checkpoints: [LedgerCheckpoint], through: Int64)
        do {
            let size = Int64(try ledger.transactionCount())
            let start = min(state.ledgerAcknowledged, size)
            let end = min(size, start + Int64(limits.ledgerTransactions))
            let transactions = try ledger.transactions(sequences: start..<end)
            // Only checkpoints of a tree the backend will hold once this batch is applied: it
            // checks each against its own copy's root at that size.
            var checkpoints: [LedgerCheckpoint] = []
            var through = state.checkpointAcknowledged
            for (id, checkpoint) in try ledger.checkpoints(
                afterID: state.checkpointAcknowledged, limit: limits.checkpoints)
            {
                guard checkpoint.treeSize <= end else { break }
                checkpoints.append(checkpoint)
                through = id
            }
            ledgerParts = (transactions, max(end, state.ledgerAcknowledged), checkpoints, through)
        } catch {
            throw UplinkError.store("\(store.path): cannot read the ledger: \(error)")
        }
        return Parts(
            batch: UplinkBatch(
                village: state.village, batchNumber: state.nextBatch, intervals: intervals, events: events,
                ledger: ledgerParts.transactions, checkpoints: ledgerParts.checkpoints),
            intervalsThrough: intervalsThrough, eventsThrough: eventsThrough, ledgerEnd: ledgerParts.end,
            checkpointsThrough: ledgerParts.through)
    }

    /// An `intervals` row (joined to its outbox row) as a value.
    private static func interval(_ row: Row) throws -> IntervalEnergy? {
        let kind: String = row["owner_kind"]
        let id: String = row["owner_id"]
        let owner: IntervalOwner
        switch kind {
        case "household": owner = .household(id)
        case "plant": owner = .plant(id)
        default: throw UplinkError.store("interval owner kind \"\(kind)\" is unknown")
        }
        let gap: Int64? = row["gap_seconds"]
        let rank: Int = row["quality"]
        let quality: IntervalQuality
        switch rank {
        case 0: quality = .missing(gapSeconds: gap ?? 0)
        case 1: quality = .estimated(gapSeconds: gap ?? 0)
        case 2: quality = .measured
        default: throw UplinkError.store("interval \(kind):\(id) has the unknown quality \(rank)")
        }
        return IntervalEnergy(
            owner: owner, channel: MeteringChannel(rawValue: row["channel"]), start: row["start"], value: row["value"],
            quality: quality)
    }

    /// What is pending and where the uplink stands, for `village status`; nil when never enabled.
    package func report() async throws(UplinkError) -> UplinkReport? {
        try await read("uplink report") { db in
            guard let state = try Self.state(db) else { return nil }
            let count = { (sql: String) in try Int64.fetchOne(db, sql: sql) ?? 0 }
            let ledgerSize = try count("SELECT COUNT(*) FROM ledger_transactions")
            return UplinkReport(
                village: state.village,
                pendingIntervals: try count("SELECT COUNT(*) FROM uplink_interval_outbox"),
                pendingEvents: try count("SELECT COUNT(*) FROM uplink_event_outbox"),
                pendingLedgerTransactions: max(0, ledgerSize - state.ledgerAcknowledged),
                pendingCheckpoints: try Int64.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM ledger_checkpoints WHERE id > ?",
                    arguments: [state.checkpointAcknowledged]) ?? 0,
                batchInFlight: try Int64.fetchOne(db, sql: "SELECT MIN(batch_number) FROM uplink_in_flight"),
                lastAcknowledgedBatch: state.lastAcknowledgedBatch, lastAcknowledgedAt: state.lastAcknowledgedAt,
                lastAttemptAt: state.lastAttemptAt, lastError: state.lastError, lastErrorAt: state.lastErrorAt)
        }
    }

    // MARK: - Answers

    /// Settles batch `batch` after the backend's 200: deletes what it carried from the outboxes
    /// (rows rewritten since have a higher revision and stay), moves the ledger and checkpoint
    /// cursors and the batch number, all in one transaction. Returns false, changing nothing, when
    /// that batch is no longer in flight (it was settled already).
    @discardableResult
    package func acknowledge(
        _ batch: InFlightBatch, answer: UplinkAcknowledgement, at time: Int64
    ) async throws(UplinkError) -> Bool {
        try await write("record the acknowledgement of batch \(batch.number)") { db in
            try db.execute(
                sql: "DELETE FROM uplink_in_flight WHERE batch_number = ?", arguments: [batch.number])
            guard db.changesCount == 1 else { return false }
            try db.execute(
                sql: "DELETE FROM uplink_interval_outbox WHERE revision <= ?", arguments: [batch.intervalsThrough])
            try db.execute(sql: "DELETE FROM uplink_event_outbox WHERE revision <= ?", arguments: [batch.eventsThrough])
            // The backend's count is its word on its copy; what it holds beyond this batch's end
            // (it cannot, unless another edge wrote as this village) is not trusted.
            try db.execute(
                sql: """
                    UPDATE uplink_state SET next_batch = ?, ledger_acknowledged = ?, checkpoint_acknowledged = ?,
                        last_acknowledged_batch = ?, last_acknowledged_at = ?, last_attempt_at = ?
                    WHERE id = 1
                    """,
                arguments: [
                    batch.number + 1, min(answer.ledgerSize, batch.ledgerEnd), batch.checkpointsThrough, batch.number,
                    time, time,
                ])
            return true
        }
    }

    /// After the backend's 409: drops the batch in flight (the backend applied none of it) and
    /// continues the ledger from the size the backend holds. The batch number stays: the next
    /// batch, assembled afresh, is the one the backend has not seen.
    package func resume(
        _ batch: InFlightBatch, fromLedgerSize size: Int64, at time: Int64, error message: String
    ) async throws(UplinkError) {
        try await write("resume from the backend's ledger size") { db in
            try db.execute(sql: "DELETE FROM uplink_in_flight WHERE batch_number = ?", arguments: [batch.number])
            guard db.changesCount == 1 else { return }
            try Self.resumeLedger(db, fromSize: size, at: time, error: message)
        }
    }

    /// Moves the ledger cursor to the size the backend holds (at most the local ledger's), and
    /// the checkpoint cursor back so that checkpoints of larger trees are sent again after it.
    static func resumeLedger(_ db: Database, fromSize size: Int64, at time: Int64, error message: String) throws {
        let local = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_transactions") ?? 0
        let resumed = max(0, min(size, local))
        let covered =
            try Int64.fetchOne(
                db, sql: "SELECT COALESCE(MAX(id), 0) FROM ledger_checkpoints WHERE tree_size <= ?",
                arguments: [resumed]) ?? 0
        try db.execute(
            sql: """
                UPDATE uplink_state SET ledger_acknowledged = ?, checkpoint_acknowledged = MIN(checkpoint_acknowledged, ?),
                    last_attempt_at = ?, last_error = ?, last_error_at = ?
                WHERE id = 1
                """,
            arguments: [resumed, covered, time, message, time])
    }

    /// Records a failed attempt: the error (never containing the token) and its time.
    package func recordFailure(_ message: String, at time: Int64) async throws(UplinkError) {
        try await write("record the uplink error") { db in
            try db.execute(
                sql: "UPDATE uplink_state SET last_attempt_at = ?, last_error = ?, last_error_at = ? WHERE id = 1",
                arguments: [time, message, time])
        }
    }

    // MARK: - Transactions

    func write<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(UplinkError) -> T {
        // In its own task: a shutdown that cancels the uploader must not undo an acknowledgement
        // already received.
        let writer = store.databaseWriter
        do {
            return try await Task { try await writer.write(body) }.value
        } catch let error as UplinkError {
            throw error
        } catch {
            throw UplinkError.store("\(store.path): \(operation): \(error)")
        }
    }

    private func read<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(UplinkError) -> T {
        let reader = store.databaseWriter
        do {
            return try await Task { try await reader.read(body) }.value
        } catch let error as UplinkError {
            throw error
        } catch {
            throw UplinkError.store("\(store.path): \(operation): \(error)")
        }
    }
}
