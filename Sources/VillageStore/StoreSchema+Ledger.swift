import GRDB

extension StoreSchema {
    /// The market's ledger: one row per transaction and one row per element of each of
    /// its lists, in the order the transaction holds them (`position`).
    ///
    /// Every column of every ledger row is part of the transaction's hash, so a changed row shows
    /// up as a hash mismatch when `village ledger verify` rebuilds transactions from the rows.
    /// Nothing is stored twice (no copied interval start in child rows, no content blob next to
    /// the rows), so there is no second copy that could disagree unnoticed. Balances read the
    /// (account, sequence) and (participant, sequence) indexes; the month of a row comes from its
    /// transaction's interval start.
    ///
    /// The triggers make the ledger append-only for everyone who uses SQL normally; they are a
    /// seat belt, not the proof: someone who drops them can still edit rows, and the hash chain
    /// is what catches that.
    static func createLedgerTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE ledger_transactions (
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
                );
                -- Balances and bills select transactions by the interval they settle.
                CREATE INDEX ledger_transactions_by_interval
                    ON ledger_transactions (interval_start, sequence, export_price, import_price);
                -- A household's marginal import price where it differs from the village reference.
                CREATE TABLE ledger_household_prices (
                    sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                    household_id TEXT NOT NULL,
                    import_price INTEGER NOT NULL,
                    PRIMARY KEY (sequence, household_id)
                ) WITHOUT ROWID;
                CREATE INDEX ledger_household_prices_by_household
                    ON ledger_household_prices (household_id, sequence, import_price);
                -- participant_kind 'household' (participant_id = unit id) or 'storage' (participant_id = '').
                CREATE TABLE ledger_readings (
                    sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                    position INTEGER NOT NULL,
                    participant_kind TEXT NOT NULL CHECK (participant_kind IN ('household', 'storage')),
                    participant_id TEXT NOT NULL,
                    produced_wh INTEGER NOT NULL,
                    consumed_wh INTEGER NOT NULL,
                    PRIMARY KEY (sequence, position)
                ) WITHOUT ROWID;
                CREATE INDEX ledger_readings_by_participant
                    ON ledger_readings (participant_kind, participant_id, sequence, produced_wh, consumed_wh);
                CREATE TABLE ledger_matches (
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
                ) WITHOUT ROWID;
                -- Energy delivered between two participants (after metering), what `village trades` lists.
                CREATE TABLE ledger_trades (
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
                ) WITHOUT ROWID;
                CREATE INDEX ledger_trades_by_buyer ON ledger_trades (buyer_kind, buyer_id, sequence);
                CREATE INDEX ledger_trades_by_seller ON ledger_trades (seller_kind, seller_id, sequence);
                -- account_kind 'household' (account_id = unit id), 'operator', 'storage' or 'grid' (account_id = '').
                CREATE TABLE ledger_postings (
                    sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                    position INTEGER NOT NULL,
                    account_kind TEXT NOT NULL CHECK (account_kind IN ('household', 'operator', 'storage', 'grid')),
                    account_id TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    commodity TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    PRIMARY KEY (sequence, position)
                ) WITHOUT ROWID;
                -- Covering index: a household's balance is one range scan.
                CREATE INDEX ledger_postings_by_account
                    ON ledger_postings (account_kind, account_id, sequence, purpose, commodity, amount);
                -- Derived, not evidence: each participant's totals per local month, added to in the
                -- same SQLite transaction as the rows they come from, so `village balance` reads at
                -- most twelve rows a year. `village ledger verify` recomputes them from the rows.
                CREATE TABLE ledger_monthly_balances (
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
                ) WITHOUT ROWID;
                """)
        for table in [
            "ledger_transactions", "ledger_household_prices", "ledger_readings",
            "ledger_matches", "ledger_trades", "ledger_postings",
        ] {
            try db.execute(
                sql: """
                    CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: \(table) rows cannot be changed'); END;
                    CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: \(table) rows cannot be deleted'); END;
                    """)
        }
    }
}
