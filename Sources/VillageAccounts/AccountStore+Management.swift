import Foundation
import GRDB

/// `village accounts add|list|disable|reset`.
extension AccountStore {
    /// What a new account is. `household` is required for, and only for, the `household` role.
    package struct NewAccount: Sendable, Hashable {
        package var username: String
        package var role: Role
        package var household: String?
        package var rawExportAccess: Bool

        package init(username: String, role: Role, household: String? = nil, rawExportAccess: Bool = false) {
            self.username = username
            self.role = role
            self.household = household
            self.rawExportAccess = rawExportAccess
        }
    }

    /// User names: 1–64 characters of letters, digits, `.`, `_`, `-`.
    package static func checkUsername(_ name: String) throws(AccountError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard (1...64).contains(name.count), name.allSatisfy(allowed.contains) else {
            throw AccountError(
                .invalidArgument, field: "username", "must be 1–64 characters of letters, digits, '.', '_' or '-'")
        }
    }

    /// Adds an account with a password, or, when `password` is nil, without one and with a
    /// one-time setup code (returned; it is the only copy).
    package func add(_ new: NewAccount, password: String?, now: Int64) async throws(AccountError) -> (
        account: Account, setupCode: IssuedToken?
    ) {
        try Self.checkUsername(new.username)
        if new.role == .household, new.household == nil {
            throw AccountError(.invalidArgument, field: "household", "a household account needs its unit number")
        }
        if new.role != .household, new.household != nil {
            throw AccountError(.invalidArgument, field: "household", "only household accounts belong to a unit")
        }
        if new.rawExportAccess, new.role != .researcher {
            throw AccountError(.invalidArgument, field: "raw-exports", "raw export access is granted to researchers")
        }
        let hash: String?
        if let password {
            try PasswordPolicy.check(password)
            hash = await PasswordPolicy.hash(password)
        } else {
            hash = nil
        }
        let code = password == nil ? SecretToken.make(kind: .setup) : nil
        let account = try await write("add account \(new.username)") { db -> Account in
            if let household = new.household,
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM households WHERE unit_id = ?)", arguments: [household])
                    != true
            {
                throw AccountError(.invalidArgument, field: "household", "no household \(household) in this village")
            }
            if try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM accounts WHERE username = ?)", arguments: [new.username])
                == true
            {
                throw AccountError(.duplicateUsername, field: "username", "an account named \(new.username) exists")
            }
            try db.execute(
                sql: """
                    INSERT INTO accounts (username, role, household_id, password_hash, raw_export_access, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [new.username, new.role.rawValue, new.household, hash, new.rawExportAccess, now])
            let id = db.lastInsertedRowID
            if let code {
                try Self.insertToken(
                    code, kind: .setup, accountID: id, now: now, expiresAt: now + TokenKind.setup.defaultLifetime, db)
            }
            return try Self.fetchAccount(db, id: id)
        }
        return (
            account,
            code.map {
                IssuedToken(
                    token: $0, kind: .setup, expiresAt: now + TokenKind.setup.defaultLifetime, accountID: account.id)
            }
        )
    }

    /// Every account, by user name.
    package func list() async throws(AccountError) -> [Account] {
        try await read("list accounts") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.accountColumns) FROM accounts ORDER BY username").map(Self.account)
        }
    }

    /// The account of that name, or nil.
    package func account(named username: String) async throws(AccountError) -> Account? {
        try await read("read account") { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.accountColumns) FROM accounts WHERE username = ?", arguments: [username]
            )
            .map(Self.account)
        }
    }

    /// Disables an account and revokes every token it has: its sessions end at once.
    package func disable(username: String, now: Int64) async throws(AccountError) {
        try await write("disable account \(username)") { db in
            let id = try Self.accountID(db, username: username)
            try db.execute(sql: "UPDATE accounts SET disabled = 1 WHERE id = ?", arguments: [id])
            try db.execute(
                sql: "UPDATE account_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
                arguments: [now, id])
        }
    }

    /// Sets a new password, or (nil) clears it and issues a new setup code; either way every token
    /// is revoked, the account enabled and its login lockout lifted.
    package func reset(username: String, password: String?, now: Int64) async throws(AccountError) -> IssuedToken? {
        let hash: String?
        if let password {
            try PasswordPolicy.check(password)
            hash = await PasswordPolicy.hash(password)
        } else {
            hash = nil
        }
        let code = password == nil ? SecretToken.make(kind: .setup) : nil
        let expiresAt = now + TokenKind.setup.defaultLifetime
        let id = try await write("reset account \(username)") { db -> Int64 in
            let id = try Self.accountID(db, username: username)
            try db.execute(
                sql: "UPDATE accounts SET password_hash = ?, disabled = 0 WHERE id = ?", arguments: [hash, id])
            try db.execute(
                sql: "UPDATE account_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
                arguments: [now, id])
            try db.execute(sql: "DELETE FROM login_throttle WHERE username = ?", arguments: [username])
            if let code { try Self.insertToken(code, kind: .setup, accountID: id, now: now, expiresAt: expiresAt, db) }
            return id
        }
        return code.map { IssuedToken(token: $0, kind: .setup, expiresAt: expiresAt, accountID: id) }
    }

    /// Grants or withdraws a researcher's access to exports with identifiers as stored.
    package func setRawExportAccess(username: String, granted: Bool) async throws(AccountError) {
        try await write("grant raw exports to \(username)") { db in
            let id = try Self.accountID(db, username: username)
            let role = try String.fetchOne(db, sql: "SELECT role FROM accounts WHERE id = ?", arguments: [id])
            guard role == Role.researcher.rawValue else {
                throw AccountError(.invalidArgument, field: "username", "\(username) is not a researcher")
            }
            try db.execute(sql: "UPDATE accounts SET raw_export_access = ? WHERE id = ?", arguments: [granted, id])
        }
    }

    static func accountID(_ db: Database, username: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM accounts WHERE username = ?", arguments: [username])
        else { throw AccountError(.unknownAccount, field: "username", "no account named \(username)") }
        return id
    }

    static func fetchAccount(_ db: Database, id: Int64) throws -> Account {
        guard
            let row = try Row.fetchOne(db, sql: "SELECT \(accountColumns) FROM accounts WHERE id = ?", arguments: [id])
        else { throw AccountError(.unknownAccount, "no account #\(id)") }
        return try account(row)
    }
}
