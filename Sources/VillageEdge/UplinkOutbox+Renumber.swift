import GRDB

extension UplinkOutbox {
    /// After the backend's 409 for a batch number it applied other content under (this edge was
    /// re-installed, or its database restored, and numbers from an earlier point again): drops the
    /// batch in flight (the backend applied none of it), numbers the next batch `nextBatch`,
    /// continues the ledger from `ledgerSize`, and lifts the pending intervals' revisions above
    /// `intervalRevision`, the highest the backend holds for the village.
    ///
    /// The revisions matter because the backend keeps, per interval, the write of the highest
    /// revision: the old installation's revisions may be higher than this database's, yet every
    /// write here is later. Lifting keeps their order, and the counter goes on above them.
    package func renumber(
        _ batch: InFlightBatch, nextBatch: Int64, ledgerSize: Int64, intervalRevision: Int64, at time: Int64,
        error message: String
    ) async throws(UplinkError) {
        try await write("number the uplink on from the backend's batch \(nextBatch)") { db in
            try db.execute(sql: "DELETE FROM uplink_in_flight WHERE batch_number = ?", arguments: [batch.number])
            guard db.changesCount == 1 else { return }
            try Self.liftRevisions(db, above: intervalRevision)
            try db.execute(
                sql: "UPDATE uplink_state SET next_batch = MAX(next_batch, ?) WHERE id = 1", arguments: [nextBatch])
            try Self.resumeLedger(db, fromSize: ledgerSize, at: time, error: message)
        }
    }

    /// Adds `floor` to every pending interval revision and to the revision counter, when any
    /// revision this database gives (pending or future) could be at most `floor`.
    static func liftRevisions(_ db: Database, above floor: Int64) throws {
        let counter =
            try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'uplink_interval_outbox'") ?? 0
        let lowest = try Int64.fetchOne(db, sql: "SELECT MIN(revision) FROM uplink_interval_outbox")
        guard floor > 0, counter <= floor || (lowest ?? .max) <= floor else { return }
        // Through the negatives: a key may not collide with one not yet moved.
        try db.execute(sql: "UPDATE uplink_interval_outbox SET revision = -revision")
        try db.execute(sql: "UPDATE uplink_interval_outbox SET revision = ? - revision", arguments: [floor])
        try db.execute(
            sql: "UPDATE sqlite_sequence SET seq = ? WHERE name = 'uplink_interval_outbox'",
            arguments: [counter + floor])
        if db.changesCount == 0 {
            try db.execute(
                sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('uplink_interval_outbox', ?)",
                arguments: [counter + floor])
        }
    }
}
