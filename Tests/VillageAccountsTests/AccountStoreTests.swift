import Foundation
import GRDB
import TestKit
import Testing
import VillageStore

@testable import VillageAccounts

/// Accounts, passwords, tokens, setup codes and the login lockout, on a real village database.
@Suite struct AccountStoreTests {
    static let password = "correct horse battery"
    static let now: Int64 = 1_767_193_200

    static func makeStore() async throws -> (AccountStore, String) {
        let path = try TestFiles.temporaryDirectory().appendingPathComponent("village.sqlite").path
        let store = try VillageStore(path: path)
        try await store.register(
            site: SiteRecord(id: "eco-delta", name: "Eco Delta"),
            households: ["101", "102"].map(HouseholdRecord.init), devices: [])
        return (AccountStore(store: store), path)
    }

    @Test func passwordsAreStoredAsBcryptHashesOnlyAndCheckedOnLogin() async throws {
        let (accounts, path) = try await Self.makeStore()
        let (account, code) = try await accounts.add(
            .init(username: "u101", role: .household, household: "101"), password: Self.password, now: Self.now)
        #expect(code == nil)
        #expect(account.household == "101")
        let stored = try await DatabaseQueue(path: path).read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM accounts WHERE username = 'u101'")
        }
        let hash = try #require(stored)
        #expect(hash.hasPrefix("$2b$10$") || hash.hasPrefix("$2a$10$") || hash.hasPrefix("$2y$10$"), "cost 10: \(hash)")
        #expect(!hash.contains(Self.password))

        let authenticated = try await accounts.authenticate(username: "u101", password: Self.password, now: Self.now)
        #expect(authenticated.id == account.id)
        await #expect(throws: AccountError.self) {
            try await accounts.authenticate(username: "u101", password: "wrong password!", now: Self.now)
        }
    }

    @Test func tokensAreStoredHashedExpireAndCanBeRevoked() async throws {
        let (accounts, path) = try await Self.makeStore()
        let (account, _) = try await accounts.add(
            .init(username: "manager", role: .manager), password: Self.password, now: Self.now)
        let issued = try await accounts.issueToken(for: account, kind: .api, lifetime: 3600, now: Self.now)
        #expect(issued.expiresAt == Self.now + 3600)
        let rows = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT token_hash FROM account_tokens")
        }
        #expect(rows.count == 1)
        #expect(!rows.contains(issued.token) && rows.allSatisfy { !$0.contains(issued.token.dropFirst(4)) })

        #expect(try await accounts.account(forToken: issued.token, now: Self.now + 3599)?.id == account.id)
        #expect(try await accounts.account(forToken: issued.token, now: Self.now + 3600) == nil, "expired")
        #expect(try await accounts.account(forToken: issued.token, kind: .session, now: Self.now) == nil, "wrong kind")
        #expect(try await accounts.account(forToken: issued.token + "x", now: Self.now) == nil)
        #expect(try await accounts.revokeToken(issued.token, now: Self.now + 1))
        #expect(try await accounts.account(forToken: issued.token, now: Self.now + 2) == nil, "revoked")
    }

    @Test func disablingAnAccountEndsItsTokensAndLogins() async throws {
        let (accounts, _) = try await Self.makeStore()
        let (account, _) = try await accounts.add(
            .init(username: "r1", role: .researcher), password: Self.password, now: Self.now)
        let issued = try await accounts.issueToken(for: account, kind: .session, now: Self.now)
        try await accounts.disable(username: "r1", now: Self.now + 10)
        #expect(try await accounts.account(forToken: issued.token, kind: .session, now: Self.now + 11) == nil)
        await #expect(throws: AccountError.self) {
            try await accounts.authenticate(username: "r1", password: Self.password, now: Self.now + 12)
        }
        // A reset enables it again with a new password.
        _ = try await accounts.reset(username: "r1", password: "another long password", now: Self.now + 20)
        #expect(
            try await accounts.authenticate(username: "r1", password: "another long password", now: Self.now + 21).id
                == account.id)
    }

    @Test func aSetupCodeSetsTheFirstPasswordOnce() async throws {
        let (accounts, _) = try await Self.makeStore()
        let (account, issued) = try await accounts.add(
            .init(username: "u102", role: .household, household: "102"), password: nil, now: Self.now)
        let code = try #require(issued)
        #expect(!account.hasPassword)
        await #expect(throws: AccountError.self) {
            try await accounts.authenticate(username: "u102", password: "", now: Self.now)
        }
        let redeemed = try await accounts.redeemSetupCode(code.token, password: Self.password, now: Self.now + 60)
        #expect(redeemed.hasPassword)
        #expect(
            try await accounts.authenticate(username: "u102", password: Self.password, now: Self.now + 61).id
                == account.id)
        do {
            _ = try await accounts.redeemSetupCode(code.token, password: "a different password", now: Self.now + 62)
            Issue.record("a used setup code was accepted again")
        } catch {
            #expect(error.code == .invalidSetupCode)
        }
    }

    @Test func repeatedFailuresLockTheNameEvenWithTheRightPassword() async throws {
        let (accounts, _) = try await Self.makeStore()
        _ = try await accounts.add(.init(username: "op", role: .operator), password: Self.password, now: Self.now)
        let limit = accounts.throttle.maximumFailures
        for attempt in 1...limit {
            do {
                _ = try await accounts.authenticate(
                    username: "op", password: "not the password", now: Self.now + Int64(attempt))
                Issue.record("a wrong password was accepted")
            } catch {
                #expect(error.code == (attempt == limit ? .lockedOut : .invalidCredentials))
            }
        }
        do {
            _ = try await accounts.authenticate(username: "op", password: Self.password, now: Self.now + 100)
            Issue.record("a locked name logged in")
        } catch {
            #expect(error.code == .lockedOut)
            #expect(error.lockedUntil == Self.now + Int64(limit) + accounts.throttle.lockSeconds)
        }
        // After the lock, the right password works again.
        let later = Self.now + Int64(limit) + accounts.throttle.lockSeconds
        #expect(try await accounts.authenticate(username: "op", password: Self.password, now: later).username == "op")
        // Unknown names are counted the same way: a lockout tells nothing about which names exist.
        for attempt in 1...limit {
            do {
                _ = try await accounts.authenticate(username: "nobody", password: "x", now: Self.now + Int64(attempt))
            } catch {
                #expect(error.code == (attempt == limit ? .lockedOut : .invalidCredentials))
            }
        }
    }

    @Test func badAccountsAreRefusedNamingTheFieldAndNothingIsWritten() async throws {
        let (accounts, _) = try await Self.makeStore()
        let cases: [(AccountStore.NewAccount, String?, String)] = [
            (.init(username: "u103", role: .household, household: "103"), Self.password, "household"),
            (.init(username: "u101", role: .household), Self.password, "household"),
            (.init(username: "m", role: .manager, household: "101"), Self.password, "household"),
            (.init(username: "bad name'; DROP TABLE accounts;--", role: .manager), Self.password, "username"),
            (.init(username: "short", role: .manager), "short", "password"),
            (.init(username: "m", role: .manager, rawExportAccess: true), Self.password, "raw-exports"),
        ]
        for (new, password, field) in cases {
            do {
                _ = try await accounts.add(new, password: password, now: Self.now)
                Issue.record("\(new) was accepted")
            } catch {
                #expect(error.field == field, "\(new): \(error)")
            }
        }
        #expect(try await accounts.list().isEmpty)
        _ = try await accounts.add(.init(username: "m", role: .manager), password: Self.password, now: Self.now)
        do {
            _ = try await accounts.add(.init(username: "m", role: .manager), password: Self.password, now: Self.now)
            Issue.record("a duplicate name was accepted")
        } catch {
            #expect(error.code == .duplicateUsername)
        }
        #expect(try await accounts.list().map(\.username) == ["m"])
    }
}
