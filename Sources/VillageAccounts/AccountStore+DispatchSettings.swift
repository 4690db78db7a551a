import Foundation
import GRDB

/// One change to the dispatch settings: who made it, when, and the settings before and after, as
/// JSON objects.
package struct DispatchSettingsChange: Sendable, Hashable, Codable {
    package var id: Int64
    package var username: String
    /// UTC Unix seconds.
    package var at: Int64
    package var oldSettingsJSON: String
    package var newSettingsJSON: String
}

extension AccountStore {
    /// The audit log of dispatch settings changes, newest first.
    package func dispatchSettingsChanges(limit: Int = 100) async throws(AccountError) -> [DispatchSettingsChange] {
        try await read("dispatch settings audit log") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, a.username, d.at, d.old_json, d.new_json
                    FROM dispatch_settings_audit d JOIN accounts a ON a.id = d.account_id
                    ORDER BY d.id DESC LIMIT ?
                    """,
                arguments: [limit]
            ).map { row in
                DispatchSettingsChange(
                    id: row["id"], username: row["username"], at: row["at"], oldSettingsJSON: row["old_json"],
                    newSettingsJSON: row["new_json"])
            }
        }
    }

    /// A secret the server keeps for itself, made of 32 random bytes on first use.
    package func serverSecret(named name: String) async throws(AccountError) -> Data {
        try await write("server secret \(name)") { db -> Data in
            if let value = try Data.fetchOne(
                db, sql: "SELECT value FROM server_secrets WHERE name = ?", arguments: [name])
            {
                return value
            }
            var generator = SystemRandomNumberGenerator()
            let value = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
            try db.execute(sql: "INSERT INTO server_secrets (name, value) VALUES (?, ?)", arguments: [name, value])
            return value
        }
    }
}
