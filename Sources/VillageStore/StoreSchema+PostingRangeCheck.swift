import GRDB

extension StoreSchema {
    /// A posting's purpose checked as a range (migration `v14-posting-range-check`).
    ///
    /// SQLite evaluates a CHECK of the form `purpose IN (0, 1, 2)` by building a temporary B-tree
    /// of the list for every row it inserts (three values or more; two are compared directly), and
    /// settling a year inserts five million postings. On a STRICT INTEGER column
    /// `purpose BETWEEN 0 AND 2` is the same constraint without it. SQLite cannot change a CHECK in
    /// place, so the table is rebuilt as `v11-ledger-compact` left it but for that clause: same
    /// rows, index and append-only triggers.
    static func checkPostingPurposeAsRange(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE ledger_postings_ranged (
                    sequence INTEGER NOT NULL REFERENCES ledger_transactions(sequence),
                    position INTEGER NOT NULL,
                    account INTEGER NOT NULL REFERENCES ledger_parties(code),
                    purpose INTEGER NOT NULL CHECK (purpose BETWEEN 0 AND 2),
                    commodity INTEGER NOT NULL CHECK (commodity IN (0, 1)),
                    amount INTEGER NOT NULL,
                    PRIMARY KEY (sequence, position)
                ) STRICT, WITHOUT ROWID;
                INSERT INTO ledger_postings_ranged (sequence, position, account, purpose, commodity, amount)
                    SELECT sequence, position, account, purpose, commodity, amount FROM ledger_postings
                    ORDER BY sequence, position;
                DROP TABLE ledger_postings;
                ALTER TABLE ledger_postings_ranged RENAME TO ledger_postings;
                CREATE INDEX ledger_postings_by_account
                    ON ledger_postings (account, sequence, purpose, commodity, amount);
                """)
        try guardAppendOnly(db, table: "ledger_postings", key: ["sequence", "position"])
    }
}
