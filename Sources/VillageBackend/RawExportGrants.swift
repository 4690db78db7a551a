import Foundation
import PostgresNIO
import VillageAccounts

/// Researchers' access to exports with identifiers as stored: granted and revoked by an operator
/// from the command line, each change audited, and read at every export, so that a revocation
/// holds from the next request on.
extension BackendDatabase {
    /// One change of a grant, as `account_audit` keeps it.
    package struct AuditEntry: Codable, Sendable, Equatable {
        /// UTC Unix seconds.
        package var at: Int64
        package var username: String
        package var action: String
        package var actor: String
        package var reason: String
    }

    /// Grants (`granted`) or revokes a researcher's raw export access and records who did it and
    /// why, in one transaction. A change to the state it already has is refused, so that the audit
    /// only holds real changes.
    package func setRawExport(username: String, granted: Bool, actor: String, reason: String) async throws {
        let action = granted ? "grant-raw" : "revoke-raw"
        try await transaction { connection in
            let rows = try await connection.query(
                "SELECT id, role, raw_export FROM accounts WHERE username = \(username) FOR UPDATE", logger: logger)
            var found: (id: Int32, role: String, raw: Bool)?
            for try await (id, role, raw) in rows.decode((Int32, String, Bool).self) { found = (id, role, raw) }
            guard let account = found else { throw BackendError("USER", "no account named \(username)") }
            guard account.role == Role.researcher.rawValue else {
                throw BackendError("USER", "\(username) is a \(account.role), not a researcher")
            }
            guard account.raw != granted else {
                throw BackendError(
                    "USER",
                    granted ? "\(username) already has raw export access" : "\(username) has no raw export access")
            }
            try await connection.query(
                "UPDATE accounts SET raw_export = \(granted) WHERE id = \(account.id)", logger: logger)
            try await connection.query(
                """
                INSERT INTO account_audit (account_id, action, actor, reason)
                VALUES (\(account.id), \(action), \(actor), \(reason))
                """, logger: logger)
        }
    }

    /// Whether `username` is a researcher with raw export access now.
    package func hasRawExport(username: String) async throws -> Bool {
        let rows = try await client.query(
            "SELECT raw_export FROM accounts WHERE username = \(username) AND role = 'researcher'", logger: logger)
        for try await raw in rows.decode(Bool.self) { return raw }
        return false
    }

    /// Every grant and revocation, oldest first.
    package func rawExportAudit() async throws -> [AuditEntry] {
        let rows = try await client.query(
            """
            SELECT extract(epoch FROM x.at)::int8, a.username, x.action, x.actor, x.reason
            FROM account_audit x JOIN accounts a ON a.id = x.account_id ORDER BY x.id
            """, logger: logger)
        var entries: [AuditEntry] = []
        for try await (at, username, action, actor, reason) in rows.decode((Int64, String, String, String, String).self)
        {
            entries.append(AuditEntry(at: at, username: username, action: action, actor: actor, reason: reason))
        }
        return entries
    }
}
