import GRDB

extension StoreSchema {
    /// The ledger in fewer bytes (migration `v11-ledger-compact`).
    ///
    /// A year of a village's ledger is millions of readings and postings, and most of their bytes
    /// were the same few strings over and over ('household', '101', 'gridImport', 'moneyMilliWon'),
    /// once in the table and once more in its index. Now:
    ///
    /// - `ledger_parties` names every account and participant once (household unit, operator,
    ///   storage, grid) under a small integer `code`; readings, matches, trades and postings refer
    ///   to it. It is append-only like the rest of the ledger: a code never changes its meaning, so
    ///   the rows read back into the same transactions and hash the same.
    /// - A cleared match's order ids are NULL where they are the participants' metered orders of
    ///   the interval (`<interval start>/<unit>`), the usual case, and reading derives them back.
    /// - A posting's purpose and commodity are small integers with CHECKs (purpose 0 peerTrade,
    ///   1 gridImport, 2 gridExport; commodity 0 energyWh, 1 moneyMilliWon), the order in which the
    ///   canonical encoding ranks them.
    ///
    /// - The readings and household prices lose their by-participant indexes: only
    ///   `monthlyBalances(participant:from:to:)`, the balance recomputed from the rows, read them,
    ///   and it scans the period's rows instead. `village balance` reads the monthly totals, a
    ///   bill the postings' index.
    ///
    /// The canonical transaction bytes do not change: they are rebuilt from the rows through the
    /// dictionary, so every hash, leaf, tree node and signed checkpoint stays valid. The tables
    /// stay STRICT, and every one of them, the dictionary included, refuses updates, deletes and
    /// replacing inserts. A ledger holding a value outside the old tables' domains (an edited
    /// purpose) is refused by name rather than converted into something else.
    static func compactLedgerTables(_ db: Database) throws {
        try refuseUnconvertiblePostings(db)
        try db.execute(
            sql: """
                CREATE TABLE ledger_parties (
                    code INTEGER PRIMARY KEY CHECK (code >= 0),
                    kind TEXT NOT NULL CHECK (kind IN ('household', 'operator', 'storage', 'grid')),
                    party_id TEXT NOT NULL,
                    UNIQUE (kind, party_id)
                ) STRICT;
                INSERT INTO ledger_parties (kind, party_id)
                    SELECT kind, id FROM (
                        SELECT account_kind AS kind, account_id AS id FROM ledger_postings
                        UNION SELECT participant_kind, participant_id FROM ledger_readings
                        UNION SELECT buyer_kind, buyer_id FROM ledger_matches
                        UNION SELECT seller_kind, seller_id FROM ledger_matches
                        UNION SELECT buyer_kind, buyer_id FROM ledger_trades
                        UNION SELECT seller_kind, seller_id FROM ledger_trades)
                    ORDER BY kind = 'household', kind, id;
                """)
        try guardAppendOnly(db, table: "ledger_parties", key: ["code"], unique: ["kind", "party_id"])
        // Only the balance computed from the rows read it; `village balance` reads the monthly totals.
        try db.execute(sql: "DROP INDEX ledger_household_prices_by_household")
        for table in compactLedgerTables {
            try db.execute(sql: "CREATE TABLE \(table.name)_compact (\(table.columns)) STRICT, WITHOUT ROWID")
            try db.execute(sql: "INSERT INTO \(table.name)_compact \(table.conversion)")
            try db.execute(sql: "DROP TABLE \(table.name)")
            try db.execute(sql: "ALTER TABLE \(table.name)_compact RENAME TO \(table.name)")
            for index in table.indexes { try db.execute(sql: index) }
            try guardAppendOnly(db, table: table.name, key: ["sequence", "position"])
        }
    }

    /// A posting whose purpose or commodity is none of the known ones has no code: the ledger was
    /// edited, and converting it would change what it says.
    private static func refuseUnconvertiblePostings(_ db: Database) throws {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT sequence, position, purpose, commodity FROM ledger_postings
                WHERE purpose NOT IN ('peerTrade', 'gridImport', 'gridExport')
                    OR commodity NOT IN ('energyWh', 'moneyMilliWon')
                LIMIT 1
                """)
        guard let row else { return }
        let sequence: Int64 = row["sequence"]
        let position: Int64 = row["position"]
        let purpose: String = row["purpose"]
        let commodity: String = row["commodity"]
        throw DatabaseError(
            resultCode: .SQLITE_CONSTRAINT,
            message: "ledger_postings of transaction #\(sequence), position \(position): purpose \"\(purpose)\" "
                + "and commodity \"\(commodity)\" are not a known posting kind; the ledger was edited and is not "
                + "converted (inspect it with `village ledger verify` of the previous version)")
    }

    /// One ledger table as `v11-ledger-compact` rebuilds it: its columns, the SELECT that converts
    /// the old rows and its indexes.
    private struct CompactTable {
        var name: String
        var columns: String
        var conversion: String
        var indexes: [String]
    }

    private static func party(_ alias: String, _ kind: String, _ id: String) -> String {
        "(SELECT code FROM ledger_parties \(alias) WHERE \(alias).kind = \(kind) AND \(alias).party_id = \(id))"
    }

    /// NULL where the order id is the participant's metered order of the transaction's interval
    /// (`<interval start>/<unit>`, `<interval start>/@storage`), which reading derives back.
    private static func orderID(_ side: String) -> String {
        """
        CASE WHEN \(side)_order_id = (SELECT t.interval_start FROM ledger_transactions t WHERE t.sequence = ledger_matches.sequence)
            || '/' || CASE \(side)_kind WHEN 'storage' THEN '@storage' ELSE \(side)_id END
        THEN NULL ELSE \(side)_order_id END
        """
    }

    private static let compactLedgerTables: [CompactTable] = [
        CompactTable(
            name: "ledger_readings",
            columns: """
                sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                position INTEGER NOT NULL,
                participant INTEGER NOT NULL REFERENCES ledger_parties(code),
                produced_wh INTEGER NOT NULL,
                consumed_wh INTEGER NOT NULL,
                PRIMARY KEY (sequence, position)
                """,
            conversion: """
                SELECT sequence, position, \(party("p", "participant_kind", "participant_id")), produced_wh, consumed_wh
                FROM ledger_readings
                """,
            indexes: []),
        CompactTable(
            name: "ledger_matches",
            columns: """
                sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                position INTEGER NOT NULL,
                buyer_order_id TEXT,
                seller_order_id TEXT,
                buyer INTEGER NOT NULL REFERENCES ledger_parties(code),
                seller INTEGER NOT NULL REFERENCES ledger_parties(code),
                energy_wh INTEGER NOT NULL,
                buyer_price INTEGER NOT NULL,
                seller_price INTEGER NOT NULL,
                preferred INTEGER NOT NULL CHECK (preferred IN (0, 1)),
                PRIMARY KEY (sequence, position)
                """,
            conversion: """
                SELECT sequence, position, \(orderID("buyer")), \(orderID("seller")), \(party("b", "buyer_kind", "buyer_id")),
                    \(party("s", "seller_kind", "seller_id")), energy_wh, buyer_price, seller_price, preferred
                FROM ledger_matches
                """,
            indexes: []),
        CompactTable(
            name: "ledger_trades",
            columns: """
                sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                position INTEGER NOT NULL,
                buyer INTEGER NOT NULL REFERENCES ledger_parties(code),
                seller INTEGER NOT NULL REFERENCES ledger_parties(code),
                energy_wh INTEGER NOT NULL,
                buyer_price INTEGER NOT NULL,
                seller_price INTEGER NOT NULL,
                PRIMARY KEY (sequence, position)
                """,
            conversion: """
                SELECT sequence, position, \(party("b", "buyer_kind", "buyer_id")),
                    \(party("s", "seller_kind", "seller_id")), energy_wh, buyer_price, seller_price
                FROM ledger_trades
                """,
            indexes: [
                "CREATE INDEX ledger_trades_by_buyer ON ledger_trades (buyer, sequence)",
                "CREATE INDEX ledger_trades_by_seller ON ledger_trades (seller, sequence)",
            ]),
        CompactTable(
            name: "ledger_postings",
            columns: """
                sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                position INTEGER NOT NULL,
                account INTEGER NOT NULL REFERENCES ledger_parties(code),
                purpose INTEGER NOT NULL CHECK (purpose IN (0, 1, 2)),
                commodity INTEGER NOT NULL CHECK (commodity IN (0, 1)),
                amount INTEGER NOT NULL,
                PRIMARY KEY (sequence, position)
                """,
            conversion: """
                SELECT sequence, position, \(party("a", "account_kind", "account_id")),
                    CASE purpose WHEN 'peerTrade' THEN 0 WHEN 'gridImport' THEN 1 WHEN 'gridExport' THEN 2 END,
                    CASE commodity WHEN 'energyWh' THEN 0 WHEN 'moneyMilliWon' THEN 1 END, amount
                FROM ledger_postings
                """,
            indexes: [
                // What a household's bill reads: its postings of a range of transactions.
                """
                CREATE INDEX ledger_postings_by_account
                    ON ledger_postings (account, sequence, purpose, commodity, amount)
                """
            ]),
    ]
}
