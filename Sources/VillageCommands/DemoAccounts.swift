import Foundation
import VillageAccounts
import VillageStore

/// The accounts `village demo` makes on its database, so that its village can be browsed at once:
/// one household, the facility manager and a researcher, each with a random password that is
/// printed once and stored only as a bcrypt hash. A demo never has a fixed default password.
struct DemoAccounts {
    struct Entry: Encodable {
        var username: String
        var role: String
        var household: String?
        var password: String
    }

    var entries: [Entry]

    /// Makes (or, in a resumed demo, resets) the accounts on the database at `databasePath`.
    static func create(databasePath: String, household: String) async throws -> DemoAccounts {
        let accounts = AccountStore(store: try VillageStore(path: databasePath))
        let now = Int64(Date().timeIntervalSince1970)
        let wanted: [AccountStore.NewAccount] = [
            .init(username: "u\(household)", role: .household, household: household),
            .init(username: "manager", role: .manager),
            .init(username: "researcher", role: .researcher),
        ]
        var entries: [Entry] = []
        for account in wanted {
            let password = Self.randomPassword()
            if try await accounts.account(named: account.username) != nil {
                _ = try await accounts.reset(username: account.username, password: password, now: now)
            } else {
                _ = try await accounts.add(account, password: password, now: now)
            }
            entries.append(
                Entry(
                    username: account.username, role: account.role.rawValue, household: account.household,
                    password: password))
        }
        return DemoAccounts(entries: entries)
    }

    /// 16 characters of an alphabet without look-alikes (about 93 bits), from the system's
    /// cryptographic generator.
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// How to browse the demo's village: the accounts, `village serve` and the URL, `village login`.
    func print(databasePath: String, siteFile: String, to output: (String) -> Void) {
        let url = "http://127.0.0.1:8080"
        output("")
        output("Browse this village (accounts on \(databasePath); the passwords are shown only now):")
        for entry in entries {
            let who = entry.household.map { "\(entry.role) \($0)" } ?? entry.role
            output(
                "  \(who.padding(toLength: 14, withPad: " ", startingAt: 0)) user \(entry.username.padding(toLength: 11, withPad: " ", startingAt: 0)) password \(entry.password)"
            )
        }
        output("  village serve --db \(databasePath) --site \(siteFile) --listen 127.0.0.1:8080")
        output("  then open \(url)/ in a browser, or from a shell:")
        if let household = entries.first(where: { $0.household != nil }) {
            output("  village login --server \(url) --username \(household.username)")
            output("  village balance --household \(household.household ?? "")")
        }
        output("  (`village accounts reset --db \(databasePath) --username NAME` sets a new password)")
    }
}
