import Foundation
import GRDB
import VillageStore

/// Logins, tokens, sessions and setup codes.
extension AccountStore {
    /// Checks a user name and password against the stored bcrypt hash, counting failures per name.
    ///
    /// After ``LoginThrottle/maximumFailures`` failures within its window the name is locked for
    /// ``LoginThrottle/lockSeconds``, even with the right password. Unknown names are counted and
    /// hashed alike, so neither the answer nor its time tells whether a name exists.
    package func authenticate(username: String, password: String, now: Int64) async throws(AccountError) -> Account {
        let state = try await read("login") { db -> (account: Account?, hash: String?, lockedUntil: Int64?) in
            let row = try Row.fetchOne(
                db, sql: "SELECT \(Self.accountColumns), password_hash FROM accounts WHERE username = ?",
                arguments: [username])
            let locked = try Int64.fetchOne(
                db, sql: "SELECT locked_until FROM login_throttle WHERE username = ?", arguments: [username])
            return (try row.map(Self.account), row?["password_hash"], locked)
        }
        if let until = state.lockedUntil, until > now {
            throw AccountError(.lockedOut, "too many failed logins; try again later", lockedUntil: until)
        }
        let matches = await PasswordPolicy.verify(password, hash: state.hash ?? PasswordPolicy.decoyHash)
        if matches, state.hash != nil, let account = state.account, !account.disabled {
            try await write("login") { db in
                try db.execute(sql: "DELETE FROM login_throttle WHERE username = ?", arguments: [username])
            }
            return account
        }
        let lockedUntil = try await recordFailure(username: username, now: now)
        if let lockedUntil {
            throw AccountError(.lockedOut, "too many failed logins; try again later", lockedUntil: lockedUntil)
        }
        throw AccountError(.invalidCredentials, "unknown user name or wrong password")
    }

    /// Counts one failed login; returns the lock's end when this failure locks the name.
    private func recordFailure(username: String, now: Int64) async throws(AccountError) -> Int64? {
        let throttle = throttle
        return try await write("count failed login") { db -> Int64? in
            let row = try Row.fetchOne(
                db, sql: "SELECT failures, first_failure_at FROM login_throttle WHERE username = ?",
                arguments: [username])
            let record = throttle.afterFailure(
                failures: row?["failures"], firstFailureAt: row?["first_failure_at"], now: now)
            try db.execute(
                sql: """
                    INSERT INTO login_throttle (username, failures, first_failure_at, locked_until) VALUES (?, ?, ?, ?)
                    ON CONFLICT (username) DO UPDATE SET
                        failures = excluded.failures, first_failure_at = excluded.first_failure_at,
                        locked_until = excluded.locked_until
                    """,
                arguments: [username, record.failures, record.firstFailureAt, record.lockedUntil])
            return record.lockedUntil
        }
    }

    /// A new random token for `account`; only its hash is stored.
    package func issueToken(
        for account: Account, kind: TokenKind, lifetime: Int64? = nil, now: Int64
    ) async throws(AccountError) -> IssuedToken {
        let lifetime = lifetime ?? kind.defaultLifetime
        guard lifetime > 0 else { throw AccountError(.invalidArgument, field: "lifetime", "must be positive") }
        let token = SecretToken.make(kind: kind)
        let expiresAt = now + lifetime
        try await write("issue token") { db in
            try Self.insertToken(token, kind: kind, accountID: account.id, now: now, expiresAt: expiresAt, db)
        }
        return IssuedToken(token: token, kind: kind, expiresAt: expiresAt, accountID: account.id)
    }

    /// The account of a live token, in one query (every authenticated request runs it): built once.
    static let liveTokenAccountSQL = """
        SELECT \(accountColumns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
        FROM account_tokens t JOIN accounts a ON a.id = t.account_id
        WHERE t.token_hash = ? AND t.kind = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND a.disabled = 0
        """

    /// The enabled account a live (not expired, not revoked) token of `kind` belongs to, or nil.
    package func account(forToken token: String, kind: TokenKind = .api, now: Int64) async throws(AccountError)
        -> Account?
    {
        let hash = SecretToken.storedHash(token)
        return try await read("check token") { db -> Account? in
            let row = try Row.fetchOne(db, sql: Self.liveTokenAccountSQL, arguments: [hash, kind.rawValue, now])
            return try row.map(Self.account)
        }
    }

    /// ``account(forToken:kind:now:)`` on the calling thread, for callers that may block.
    package func accountNow(forToken token: String, kind: TokenKind = .api, now: Int64) throws(AccountError)
        -> Account?
    {
        let hash = SecretToken.storedHash(token)
        do {
            return try database.read { db -> Account? in
                let row = try Row.fetchOne(db, sql: Self.liveTokenAccountSQL, arguments: [hash, kind.rawValue, now])
                return try row.map(Self.account)
            }
        } catch let error as AccountError {
            throw error
        } catch {
            throw AccountError(.store, "\(store.path): check token: \(error)")
        }
    }

    /// Revokes a token (a logout); true if it was live.
    @discardableResult
    package func revokeToken(_ token: String, now: Int64) async throws(AccountError) -> Bool {
        let hash = SecretToken.storedHash(token)
        return try await write("revoke token") { db -> Bool in
            try db.execute(
                sql: "UPDATE account_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                arguments: [now, hash])
            return db.changesCount > 0
        }
    }

    /// Sets the first password of the account a live setup code belongs to, and uses the code up.
    package func redeemSetupCode(_ code: String, password: String, now: Int64) async throws(AccountError) -> Account {
        try PasswordPolicy.check(password)
        let hash = await PasswordPolicy.hash(password)
        let codeHash = SecretToken.storedHash(code)
        return try await write("redeem setup code") { db -> Account in
            guard
                let id = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT account_id FROM account_tokens
                        WHERE token_hash = ? AND kind = 'setup' AND revoked_at IS NULL AND expires_at > ?
                        """,
                    arguments: [codeHash, now])
            else { throw AccountError(.invalidSetupCode, field: "code", "unknown, used or expired setup code") }
            try db.execute(
                sql: "UPDATE account_tokens SET revoked_at = ? WHERE token_hash = ?", arguments: [now, codeHash])
            try db.execute(sql: "UPDATE accounts SET password_hash = ? WHERE id = ?", arguments: [hash, id])
            return try Self.fetchAccount(db, id: id)
        }
    }

    static func insertToken(
        _ token: String, kind: TokenKind, accountID: Int64, now: Int64, expiresAt: Int64, _ db: Database
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO account_tokens (token_hash, account_id, kind, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [SecretToken.storedHash(token), accountID, kind.rawValue, now, expiresAt])
    }
}
