import GRDB

/// The dispatch settings a manager set through the server, kept as JSON so that the store needs
/// to know none of their fields: the dispatch controller decodes them as the site file's
/// `dispatch:` section and reads them before every plan.
extension VillageStore {
    /// The settings a manager set, as JSON, or nil when the site file's `dispatch:` section applies.
    /// Nil as well on a database opened before the `v8-accounts` migration.
    package func dispatchSettingsOverrideJSON() async throws(StoreError) -> String? {
        try await read("dispatch settings override") { db in
            guard try db.tableExists("dispatch_settings_override") else { return nil }
            return try String.fetchOne(db, sql: "SELECT settings_json FROM dispatch_settings_override WHERE id = 1")
        }
    }

    /// Replaces the settings and appends the change to the audit log in one transaction.
    ///
    /// `previousJSON` is what the manager saw (the override or the site file's settings); it is
    /// what the audit log records as the old value.
    package func replaceDispatchSettingsOverride(
        json: String, previousJSON: String, accountID: Int64, at: Int64
    ) async throws(StoreError) {
        try await write("change dispatch settings") { db in
            try db.execute(
                sql: """
                    INSERT INTO dispatch_settings_override (id, settings_json, changed_at, account_id) VALUES (1, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                        settings_json = excluded.settings_json, changed_at = excluded.changed_at,
                        account_id = excluded.account_id
                    """,
                arguments: [json, at, accountID])
            try db.execute(
                sql: "INSERT INTO dispatch_settings_audit (account_id, at, old_json, new_json) VALUES (?, ?, ?, ?)",
                arguments: [accountID, at, previousJSON, json])
        }
    }
}
