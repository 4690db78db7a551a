import GRDB

extension StoreSchema {
    /// What the city backend has not acknowledged yet (migration `v9-uplink-outbox`).
    ///
    /// - `uplink_state`: one row, present once the uplink is enabled (the first `village run
    ///   --upstream` or `village uplink push`): the village's name towards the backend, the next
    ///   batch number, the ledger size and the last checkpoint the backend acknowledged, the
    ///   outcome of the last attempt, and how far the intervals stored before enabling have been put
    ///   in the outbox (`history_next` up to `history_end`, interval starts; NULL when done).
    /// - `uplink_interval_outbox`: one row per interval written or rewritten since the backend last
    ///   acknowledged it. A rewrite deletes the key's row and appends a new one, so the AUTOINCREMENT
    ///   `revision` (never reused) is the interval's edge revision, and the rows with a revision up to
    ///   a batch's highest are exactly the intervals that batch carried, unchanged since.
    /// - `uplink_event_outbox`: device events recorded since the backend last acknowledged them.
    /// - `uplink_in_flight`: the batch sent and not acknowledged yet, kept as the bytes sent, so that
    ///   a resend after an outage or a crash is the same batch under the same number.
    ///
    /// Triggers fill the outboxes from every writer of `intervals` and `device_events`, but only
    /// while `uplink_state` has its row: a village without an uplink keeps no outbox.
    static func createUplinkOutbox(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE uplink_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    village TEXT NOT NULL,
                    enabled_at INTEGER NOT NULL,
                    next_batch INTEGER NOT NULL CHECK (next_batch >= 1),
                    ledger_acknowledged INTEGER NOT NULL CHECK (ledger_acknowledged >= 0),
                    checkpoint_acknowledged INTEGER NOT NULL CHECK (checkpoint_acknowledged >= 0),
                    last_acknowledged_batch INTEGER,
                    last_acknowledged_at INTEGER,
                    last_attempt_at INTEGER,
                    last_error TEXT,
                    last_error_at INTEGER,
                    history_next INTEGER,
                    history_end INTEGER
                ) STRICT;
                CREATE TABLE uplink_interval_outbox (
                    revision INTEGER PRIMARY KEY AUTOINCREMENT,
                    owner_kind TEXT NOT NULL,
                    owner_id TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    start INTEGER NOT NULL,
                    UNIQUE (owner_kind, owner_id, channel, start)
                ) STRICT;
                CREATE TABLE uplink_event_outbox (
                    revision INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id INTEGER NOT NULL UNIQUE
                ) STRICT;
                CREATE TABLE uplink_in_flight (
                    batch_number INTEGER PRIMARY KEY CHECK (batch_number >= 1),
                    body BLOB NOT NULL,
                    intervals INTEGER NOT NULL,
                    events INTEGER NOT NULL,
                    ledger INTEGER NOT NULL,
                    checkpoints INTEGER NOT NULL,
                    intervals_through INTEGER NOT NULL,
                    events_through INTEGER NOT NULL,
                    ledger_end INTEGER NOT NULL,
                    checkpoints_through INTEGER NOT NULL,
                    assembled_at INTEGER NOT NULL
                ) STRICT;
                \(uplinkIntervalTriggers)
                CREATE TRIGGER device_events_uplink_insert AFTER INSERT ON device_events
                WHEN EXISTS (SELECT 1 FROM uplink_state)
                BEGIN
                    INSERT INTO uplink_event_outbox (event_id) VALUES (NEW.id);
                END;
                """)
    }

    /// An interval written or rewritten moves to the end of the outbox (a new revision), the same
    /// for an insert and an update: SQLite has no trigger for both.
    static var uplinkIntervalTriggers: String {
        ["INSERT", "UPDATE"].map { event in
            """
            CREATE TRIGGER intervals_uplink_\(event.lowercased()) AFTER \(event) ON intervals
            WHEN EXISTS (SELECT 1 FROM uplink_state)
            BEGIN
                DELETE FROM uplink_interval_outbox WHERE owner_kind = NEW.owner_kind AND owner_id = NEW.owner_id
                    AND channel = NEW.channel AND start = NEW.start;
                INSERT INTO uplink_interval_outbox (owner_kind, owner_id, channel, start)
                    VALUES (NEW.owner_kind, NEW.owner_id, NEW.channel, NEW.start);
            END;
            """
        }.joined(separator: "\n")
    }
}
