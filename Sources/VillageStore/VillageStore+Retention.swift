import GRDB

extension VillageStore {
    /// Deletes raw readings older than `cutoff` (UTC Unix seconds); returns how many.
    ///
    /// Intervals, events and checkpoints are kept: they are the record that bills rest on. Deletes
    /// series by series through the primary key, so no extra index slows ingest; recent readings
    /// not yet moved are keyed by time.
    @discardableResult
    public func prune(olderThan cutoff: Int64) async throws(StoreError) -> Int {
        try await write("prune") { db in
            var deleted = 0
            for seriesId in try Int64.fetchAll(db, sql: "SELECT id FROM reading_series") {
                try db.execute(
                    sql: "DELETE FROM readings WHERE series_id = ? AND at < ?", arguments: [seriesId, cutoff])
                deleted += db.changesCount
            }
            try db.execute(sql: "DELETE FROM recent_readings WHERE at < ?", arguments: [cutoff])
            return deleted + db.changesCount
        }
    }

    /// Applies the configured retention: deletes raw readings older than `now - rawRetentionSeconds`.
    @discardableResult
    public func pruneExpiredReadings(now: Int64) async throws(StoreError) -> Int {
        try await prune(olderThan: now - configuration.rawRetentionSeconds)
    }
}
