import GRDB

extension StoreSchema {
    /// Who may use the village's server, and what a manager changed through it (migration
    /// `v8-accounts`).
    ///
    /// - `accounts`: one row per person or service; a `household` account names its unit. A
    ///   password hash is bcrypt; an account created with a setup code has none until the code is
    ///   redeemed. Accounts are disabled, never deleted, so the audit log keeps its references.
    /// - `account_tokens`: API tokens, web sessions and one-time setup codes, stored only as the
    ///   SHA-256 of the secret, each with an expiry and, once revoked or redeemed, `revoked_at`.
    /// - `login_throttle`: failed logins per user name (known or not, so that a lockout does not tell
    ///   which names exist) and the time until which the name is locked.
    /// - `dispatch_settings_override`: the dispatch settings a manager set through the server, as
    ///   the JSON of the site file's `dispatch:` section; the controller reads it before every plan.
    /// - `dispatch_settings_audit`: every change to it: who, when, the settings before and after.
    /// - `server_secrets`: keys the server makes for itself (the researchers' pseudonym key).
    static func createAccountTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE accounts (
                    id INTEGER PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL CHECK (role IN ('household', 'manager', 'researcher', 'operator')),
                    household_id TEXT REFERENCES households(unit_id),
                    password_hash TEXT,
                    raw_export_access INTEGER NOT NULL DEFAULT 0 CHECK (raw_export_access IN (0, 1)),
                    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                    created_at INTEGER NOT NULL,
                    CHECK ((role = 'household') = (household_id IS NOT NULL))
                );
                CREATE TABLE account_tokens (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    account_id INTEGER NOT NULL REFERENCES accounts(id),
                    kind TEXT NOT NULL CHECK (kind IN ('api', 'session', 'setup')),
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    revoked_at INTEGER
                ) WITHOUT ROWID;
                CREATE INDEX account_tokens_by_account ON account_tokens (account_id);
                CREATE TABLE login_throttle (
                    username TEXT PRIMARY KEY NOT NULL,
                    failures INTEGER NOT NULL,
                    first_failure_at INTEGER NOT NULL,
                    locked_until INTEGER
                ) WITHOUT ROWID;
                CREATE TABLE dispatch_settings_override (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    settings_json TEXT NOT NULL,
                    changed_at INTEGER NOT NULL,
                    account_id INTEGER NOT NULL REFERENCES accounts(id)
                );
                CREATE TABLE dispatch_settings_audit (
                    id INTEGER PRIMARY KEY,
                    account_id INTEGER NOT NULL REFERENCES accounts(id),
                    at INTEGER NOT NULL,
                    old_json TEXT NOT NULL,
                    new_json TEXT NOT NULL
                );
                CREATE TABLE server_secrets (
                    name TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL
                ) WITHOUT ROWID;
                """)
    }
}
