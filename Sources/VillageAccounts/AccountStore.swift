import Foundation
import GRDB
import VillageStore

/// Accounts, tokens, login throttling and the dispatch settings audit log in the village database.
///
/// Every write runs in one transaction; every method that takes `now` uses it for all its
/// timestamps, so tests run on an injected clock.
package final class AccountStore: Sendable {
    package let store: VillageStore
    package let throttle: LoginThrottle
    let database: any DatabaseWriter

    package init(store: VillageStore, throttle: LoginThrottle = LoginThrottle()) {
        self.store = store
        self.throttle = throttle
        database = store.databaseWriter
    }

    /// Runs `body` in a write transaction, mapping database failures to ``AccountError``.
    func write<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(AccountError) -> T {
        do {
            return try await database.write(body)
        } catch let error as AccountError {
            throw error
        } catch {
            throw AccountError(.store, "\(store.path): \(operation): \(error)")
        }
    }

    func read<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(AccountError) -> T {
        do {
            return try await database.read(body)
        } catch let error as AccountError {
            throw error
        } catch {
            throw AccountError(.store, "\(store.path): \(operation): \(error)")
        }
    }

    static let accountColumns =
        "id, username, role, household_id, raw_export_access, disabled, password_hash IS NOT NULL AS has_password, created_at"

    static func account(_ row: Row) throws -> Account {
        guard let role = Role(rawValue: row["role"]) else {
            throw AccountError(.store, "account \(row["id"] as Int64? ?? -1) has an unknown role")
        }
        return Account(
            id: row["id"], username: row["username"], role: role, household: row["household_id"],
            rawExportAccess: row["raw_export_access"], disabled: row["disabled"], hasPassword: row["has_password"],
            createdAt: row["created_at"])
    }
}
