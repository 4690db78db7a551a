import Foundation
import Market
import PostgresNIO
import VillageAccounts

/// Villages and accounts, as the operator adds them from the command line.
extension BackendDatabase {
    /// Registers a village; returns its upload token, the only time it exists in clear text.
    package func addVillage(name: String, publicKey: LedgerPublicKey, timeZone: String) async throws -> String {
        guard name.range(of: "^[A-Za-z0-9._-]{1,64}$", options: .regularExpression) != nil else {
            throw BackendError("--name", "a village name is 1–64 letters, digits, '.', '_' or '-': \"\(name)\"")
        }
        guard TimeZone(identifier: timeZone) != nil else {
            throw BackendError("--time-zone", "unknown time zone \"\(timeZone)\"")
        }
        let exists = try await client.query("SELECT 1 FROM villages WHERE name = \(name)", logger: logger)
        for try await _ in exists { throw BackendError("--name", "a village \(name) already exists") }
        let token = TokenHash.newToken(prefix: "vlu_")
        try await client.query(
            """
            INSERT INTO villages (name, public_key, token_hash, time_zone)
            VALUES (\(name), \(publicKey.base64), \(TokenHash.stored(token)), \(timeZone))
            """, logger: logger)
        return token
    }

    /// Adds an account and returns an API token for it, valid `lifetime` seconds. With a
    /// password, the account can also log in (`POST /api/v1/tokens`); only its bcrypt hash is kept.
    package func addAccount(
        username: String, role: Role, village: String?, household: String?, password: String? = nil,
        lifetime: Int64
    ) async throws -> String {
        do {
            try AccountStore.checkUsername(username)
        } catch {
            throw BackendError("--username", "must be 1–64 characters of letters, digits, '.', '_' or '-'")
        }
        var villageID: Int32?
        switch role {
        case .household:
            guard let village else { throw BackendError("--village", "a household account needs its village") }
            guard let household, !household.isEmpty else {
                throw BackendError("--household", "a household account needs its unit")
            }
            villageID = try await self.villageID(named: village, argument: "--village")
        default:
            guard village == nil, household == nil else {
                throw BackendError("--household", "only a household account is bound to a village and unit")
            }
        }
        guard lifetime > 0 else { throw BackendError("--lifetime", "must be positive") }
        var passwordHash: String?
        if let password {
            do {
                try PasswordPolicy.check(password)
            } catch {
                throw BackendError("--password-file", error.message)
            }
            passwordHash = await BackendPasswords.hash(password)
        }
        let storedPassword = passwordHash
        let token = TokenHash.newToken(prefix: "vlg_")
        let hash = TokenHash.stored(token)
        let roleName = role.rawValue
        let boundVillage = villageID
        try await transaction { connection in
            let existing = try await connection.query(
                "SELECT 1 FROM accounts WHERE username = \(username)", logger: logger)
            for try await _ in existing { throw BackendError("--username", "an account \(username) already exists") }
            let rows = try await connection.query(
                """
                INSERT INTO accounts (username, role, village_id, household, password_hash)
                VALUES (\(username), \(roleName), \(boundVillage), \(household), \(storedPassword)) RETURNING id
                """, logger: logger)
            var accountID: Int32 = 0
            for try await id in rows.decode(Int32.self) { accountID = id }
            try await connection.query(
                """
                INSERT INTO api_tokens (token_hash, account_id, expires_at)
                VALUES (\(hash), \(accountID), now() + make_interval(secs => \(Double(lifetime))))
                """, logger: logger)
        }
        return token
    }

    package func villageID(named name: String, argument: String) async throws -> Int32 {
        let rows = try await client.query("SELECT id FROM villages WHERE name = \(name)", logger: logger)
        for try await id in rows.decode(Int32.self) { return id }
        throw BackendError(argument, "no village named \(name)")
    }
}
