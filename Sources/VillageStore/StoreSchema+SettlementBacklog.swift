import GRDB

extension StoreSchema {
    /// Interval starts whose household or battery energy was written or changed and that settlement
    /// has not looked at since (migration `v5-settlement-backlog`). A meter that was silent for a
    /// day delivers its estimated intervals a day late: without this list, settlement would have to
    /// re-read every interval ever stored to find them. Rows carry an increasing id so that
    /// settlement removes exactly the rows it has seen, never one written while it ran.
    /// An index of estimated intervals lets `village status` count them without a scan.
    static func createSettlementBacklog(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE settlement_backlog (
                    id INTEGER PRIMARY KEY,
                    start INTEGER NOT NULL
                );
                CREATE INDEX settlement_backlog_by_start ON settlement_backlog (start);
                -- Estimated intervals are few: `village status` counts them without scanning all.
                CREATE INDEX intervals_estimated ON intervals (start, owner_kind, channel) WHERE quality = 1;
                """)
    }
}
