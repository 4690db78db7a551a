import GRDB

extension StoreSchema {
    /// The ledger as a transparency log (migration `v6-ledger-proofs`).
    ///
    /// - `ledger_tree_nodes`: every complete subtree of the Merkle tree over the transactions
    ///   (level, index → SHA-256), written in the same SQLite transaction as the rows it covers, so
    ///   that the root of any size and any proof take O(log n) lookups.
    /// - `ledger_checkpoints`: signed (tree size, root, time) statements, kept so that they can be
    ///   published and receipts can point at one.
    /// - The ledger tables are rebuilt STRICT: a value of the wrong type (an amount stored as text)
    ///   is refused on write instead of being coerced on read and hashing as if it were right.
    /// - Every ledger table refuses an insert that would replace a row (`INSERT OR REPLACE`,
    ///   `REPLACE`, an upsert): SQLite deletes the old row of a REPLACE without running delete
    ///   triggers, which made the append-only triggers of `v2-ledger` a door left open.
    ///
    /// The monthly totals stay a derived cache that the ledger's append keeps up to date with an
    /// upsert; `village ledger verify` recomputes them from the rows.
    static func createLedgerProofTables(_ db: Database) throws {
        for table in rebuiltLedgerTables {
            try db.execute(sql: "CREATE TABLE \(table.name)_strict (\(table.columns)) \(table.options)")
            try db.execute(sql: "INSERT INTO \(table.name)_strict SELECT * FROM \(table.name)")
            try db.execute(sql: "DROP TABLE \(table.name)")
            try db.execute(sql: "ALTER TABLE \(table.name)_strict RENAME TO \(table.name)")
            for index in table.indexes { try db.execute(sql: index) }
            if let key = table.key { try guardAppendOnly(db, table: table.name, key: key) }
        }
        try db.execute(
            sql: """
                CREATE TABLE ledger_tree_nodes (
                    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 62),
                    position INTEGER NOT NULL CHECK (position >= 0),
                    hash BLOB NOT NULL CHECK (length(hash) = 32),
                    PRIMARY KEY (level, position)
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE ledger_checkpoints (
                    id INTEGER PRIMARY KEY,
                    origin TEXT NOT NULL,
                    tree_size INTEGER NOT NULL CHECK (tree_size >= 0),
                    root_hash BLOB NOT NULL CHECK (length(root_hash) = 32),
                    time INTEGER NOT NULL,
                    key_id TEXT NOT NULL,
                    signature TEXT NOT NULL
                ) STRICT;
                CREATE INDEX ledger_checkpoints_by_size ON ledger_checkpoints (tree_size, id);
                """)
        try guardAppendOnly(db, table: "ledger_tree_nodes", key: ["level", "position"])
        try guardAppendOnly(db, table: "ledger_checkpoints", key: ["id"])
    }

    /// Refuses UPDATE, DELETE and any INSERT that meets an existing row of `table` (by `key`, by
    /// the `unique` columns, and by the idempotency key for transactions): a replace would
    /// otherwise delete it silently.
    static func guardAppendOnly(_ db: Database, table: String, key: [String], unique: [String] = []) throws {
        var clash = key.map { "\($0) = NEW.\($0)" }.joined(separator: " AND ")
        if table == "ledger_transactions" { clash = "(\(clash)) OR idempotency_key = NEW.idempotency_key" }
        if !unique.isEmpty {
            clash = "(\(clash)) OR (" + unique.map { "\($0) = NEW.\($0)" }.joined(separator: " AND ") + ")"
        }
        try db.execute(
            sql: """
                CREATE TRIGGER IF NOT EXISTS \(table)_no_update BEFORE UPDATE ON \(table)
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: \(table) rows cannot be changed'); END;
                CREATE TRIGGER IF NOT EXISTS \(table)_no_delete BEFORE DELETE ON \(table)
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: \(table) rows cannot be deleted'); END;
                CREATE TRIGGER \(table)_no_replace BEFORE INSERT ON \(table)
                WHEN EXISTS (SELECT 1 FROM \(table) WHERE \(clash))
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: \(table) rows cannot be replaced'); END;
                """)
    }

    /// One ledger table of `v2-ledger`, as it is rebuilt STRICT: same columns, constraints and
    /// indexes. `key` names the columns that identify a row (nil: the table is derived and updated).
    private struct LedgerTable {
        var name: String
        var columns: String
        var options: String
        var indexes: [String]
        var key: [String]?
    }

    private static let rebuiltLedgerTables: [LedgerTable] = [
        LedgerTable(
            name: "ledger_transactions",
            columns: """
                sequence INTEGER PRIMARY KEY CHECK (sequence >= 0),
                idempotency_key TEXT NOT NULL UNIQUE,
                interval_start INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('settlement', 'correction')),
                mechanism TEXT NOT NULL,
                k_per_mille INTEGER,
                export_price INTEGER NOT NULL,
                import_price INTEGER NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
                """,
            options: "STRICT",
            indexes: [
                """
                CREATE INDEX ledger_transactions_by_interval
                    ON ledger_transactions (interval_start, sequence, export_price, import_price)
                """
            ],
            key: ["sequence"]),
        LedgerTable(
            name: "ledger_household_prices",
            columns: """
                sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                household_id TEXT NOT NULL,
                import_price INTEGER NOT NULL,
                PRIMARY KEY (sequence, household_id)
                """,
            options: "STRICT, WITHOUT ROWID",
            indexes: [
                """
                CREATE INDEX ledger_household_prices_by_household
                    ON ledger_household_prices (household_id, sequence, import_price)
                """
            ],
            key: ["sequence", "household_id"]),
        LedgerTable(
            name: "ledger_readings",
            columns: """
                sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                position INTEGER NOT NULL,
                participant_kind TEXT NOT NULL CHECK (participant_kind IN ('household', 'storage')),
                participant_id TEXT NOT NULL,
                produced_wh INTEGER NOT NULL,
                consumed_wh INTEGER NOT NULL,
                PRIMARY KEY (sequence, position)
                """,
            options: "STRICT, WITHOUT ROWID",
            indexes: [
                """
                CREATE INDEX ledger_readings_by_participant
                    ON ledger_readings (participant_kind, participant_id, sequence, produced_wh, consumed_wh)
                """
            ],
            key: ["sequence", "position"]),
        LedgerTable(
            name: "ledger_matches",
            columns: """
                sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                position INTEGER NOT NULL,
                buyer_order_id TEXT NOT NULL,
                seller_order_id TEXT NOT NULL,
                buyer_kind TEXT NOT NULL CHECK (buyer_kind IN ('household', 'storage')),
                buyer_id TEXT NOT NULL,
                seller_kind TEXT NOT NULL CHECK (seller_kind IN ('household', 'storage')),
                seller_id TEXT NOT NULL,
                energy_wh INTEGER NOT NULL,
                buyer_price INTEGER NOT NULL,
                seller_price INTEGER NOT NULL,
                preferred INTEGER NOT NULL CHECK (preferred IN (0, 1)),
                PRIMARY KEY (sequence, position)
                """,
            options: "STRICT, WITHOUT ROWID", indexes: [], key: ["sequence", "position"]),
        LedgerTable(
            name: "ledger_trades",
            columns: """
                sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                position INTEGER NOT NULL,
                buyer_kind TEXT NOT NULL CHECK (buyer_kind IN ('household', 'storage')),
                buyer_id TEXT NOT NULL,
                seller_kind TEXT NOT NULL CHECK (seller_kind IN ('household', 'storage')),
                seller_id TEXT NOT NULL,
                energy_wh INTEGER NOT NULL,
                buyer_price INTEGER NOT NULL,
                seller_price INTEGER NOT NULL,
                PRIMARY KEY (sequence, position)
                """,
            options: "STRICT, WITHOUT ROWID",
            indexes: [
                "CREATE INDEX ledger_trades_by_buyer ON ledger_trades (buyer_kind, buyer_id, sequence)",
                "CREATE INDEX ledger_trades_by_seller ON ledger_trades (seller_kind, seller_id, sequence)",
            ],
            key: ["sequence", "position"]),
        LedgerTable(
            name: "ledger_postings",
            columns: """
                sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                position INTEGER NOT NULL,
                account_kind TEXT NOT NULL CHECK (account_kind IN ('household', 'operator', 'storage', 'grid')),
                account_id TEXT NOT NULL,
                purpose TEXT NOT NULL,
                commodity TEXT NOT NULL,
                amount INTEGER NOT NULL,
                PRIMARY KEY (sequence, position)
                """,
            options: "STRICT, WITHOUT ROWID",
            indexes: [
                """
                CREATE INDEX ledger_postings_by_account
                    ON ledger_postings (account_kind, account_id, sequence, purpose, commodity, amount)
                """
            ],
            key: ["sequence", "position"]),
        LedgerTable(
            name: "ledger_monthly_balances",
            columns: """
                participant_kind TEXT NOT NULL CHECK (participant_kind IN ('household', 'storage')),
                participant_id TEXT NOT NULL,
                month TEXT NOT NULL,
                transactions INTEGER NOT NULL,
                produced_wh INTEGER NOT NULL,
                consumed_wh INTEGER NOT NULL,
                self_consumed_wh INTEGER NOT NULL,
                bought_from_neighbours_wh INTEGER NOT NULL,
                sold_to_neighbours_wh INTEGER NOT NULL,
                grid_import_wh INTEGER NOT NULL,
                grid_export_wh INTEGER NOT NULL,
                money_in INTEGER NOT NULL,
                money_out INTEGER NOT NULL,
                grid_only_cost INTEGER NOT NULL,
                PRIMARY KEY (participant_kind, participant_id, month)
                """,
            options: "STRICT, WITHOUT ROWID", indexes: [], key: nil),
    ]
}
