import Foundation
import PostgresNIO
import VillageAccounts

/// Password logins of the backend's accounts, with the lockout per user name of ``LoginThrottle``
/// (the rule `village serve` applies) kept in PostgreSQL.
extension BackendDatabase {
    /// What a login attempt came to.
    package enum LoginOutcome: Sendable, Equatable {
        /// A new API token, only its hash stored.
        case issued(token: String, expiresAt: Int64)
        /// Unknown user name, wrong password, or an account without one.
        case refused
        /// Too many failures: the name is locked until then (Unix seconds), even for the right password.
        case locked(until: Int64)
    }

    /// Checks `password` against the stored bcrypt hash and, if it matches and the name is not
    /// locked, issues an API token valid `lifetime` seconds. An unknown name is checked against a
    /// decoy hash and counted like a known one, so that neither the time nor a lockout tells it apart.
    package func login(
        username: String, password: String, lifetime: Int64, throttle: LoginThrottle, now: Int64
    ) async throws -> LoginOutcome {
        let rows = try await client.query(
            """
            SELECT a.id, a.password_hash, t.locked_until FROM (SELECT \(username)::text AS username) n
            LEFT JOIN accounts a ON a.username = n.username LEFT JOIN login_throttle t ON t.username = n.username
            """, logger: logger)
        var account: (id: Int32, hash: String?)?
        var lockedUntil: Int64?
        for try await (id, hash, locked) in rows.decode((Int32?, String?, Int64?).self) {
            if let id { account = (id, hash) }
            lockedUntil = locked
        }
        if let lockedUntil, lockedUntil > now { return .locked(until: lockedUntil) }
        let matches = await BackendPasswords.verify(password, hash: account?.hash ?? BackendPasswords.decoyHash)
        guard matches, let account, account.hash != nil else {
            if let until = try await recordFailedLogin(username: username, throttle: throttle, now: now) {
                return .locked(until: until)
            }
            return .refused
        }
        try await client.query("DELETE FROM login_throttle WHERE username = \(username)", logger: logger)
        let token = TokenHash.newToken(prefix: "vlg_")
        let issued = try await client.query(
            """
            INSERT INTO api_tokens (token_hash, account_id, expires_at)
            VALUES (\(TokenHash.stored(token)), \(account.id), now() + make_interval(secs => \(Double(lifetime))))
            RETURNING extract(epoch FROM expires_at)::int8
            """, logger: logger)
        for try await expiresAt in issued.decode(Int64.self) { return .issued(token: token, expiresAt: expiresAt) }
        return .refused
    }

    /// Counts one failed login of `username` under a row lock, so that concurrent failures all
    /// count; returns the lock's end when the name is locked (by this failure, or by one that
    /// finished while this password was being checked, which must not lift it).
    private func recordFailedLogin(username: String, throttle: LoginThrottle, now: Int64) async throws -> Int64? {
        try await transaction { connection in
            try await connection.query(
                """
                INSERT INTO login_throttle (username, failures, first_failure_at) VALUES (\(username), 0, \(now))
                ON CONFLICT (username) DO NOTHING
                """, logger: logger)
            let rows = try await connection.query(
                """
                SELECT failures, first_failure_at, locked_until FROM login_throttle
                WHERE username = \(username) FOR UPDATE
                """, logger: logger)
            var stored: (failures: Int, first: Int64)?
            for try await (failures, first, locked) in rows.decode((Int32, Int64, Int64?).self) {
                if let locked, locked > now { return locked }
                stored = (Int(failures), first)
            }
            let record = throttle.afterFailure(failures: stored?.failures, firstFailureAt: stored?.first, now: now)
            try await connection.query(
                """
                UPDATE login_throttle SET failures = \(Int32(record.failures)),
                    first_failure_at = \(record.firstFailureAt), locked_until = \(record.lockedUntil)
                WHERE username = \(username)
                """, logger: logger)
            return record.lockedUntil
        }
    }
}
