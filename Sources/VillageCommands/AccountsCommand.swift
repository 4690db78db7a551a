import ArgumentParser
import Foundation
import VillageAccounts
import VillageStore

/// `village accounts add|list|disable|reset|grant-raw --db DB`: who may use `village serve`.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Manage the accounts of the village's server: households, the manager, researchers, operators.",
        subcommands: [
            AccountsAddCommand.self, AccountsListCommand.self, AccountsDisableCommand.self, AccountsResetCommand.self,
            AccountsGrantRawCommand.self,
        ])
}

/// `--db` of the accounts commands, which open (and if needed migrate) the village database.
struct AccountsDatabaseOptions: ParsableArguments {
    @Option(help: "The village database (SQLite); it must exist.")
    var db: String

    func openAccounts() throws -> AccountStore {
        guard FileManager.default.fileExists(atPath: db) else {
            throw ValidationError("--db: \(db) does not exist")
        }
        return AccountStore(store: try VillageStore(path: db))
    }
}

/// How a new password is given: in a file (never on the command line, where `ps` shows it), or
/// not at all, with a one-time setup code instead.
struct PasswordSourceOptions: ParsableArguments {
    @Option(
        name: .customLong("password-file"),
        help: "File holding the password (one line, at least 10 characters); keep it private and delete it after.")
    var passwordFile: String?

    @Flag(
        name: .customLong("setup-code"),
        help: "No password: print a one-time setup code with which the user sets one (POST /api/v1/setup).")
    var setupCode = false

    func validate() throws {
        guard (passwordFile != nil) != setupCode else {
            throw ValidationError("give exactly one of --password-file FILE or --setup-code")
        }
    }

    /// The password from the file (one trailing newline dropped), or nil for a setup code.
    func password() throws -> String? {
        guard let passwordFile else { return nil }
        guard let data = FileManager.default.contents(atPath: passwordFile),
            var text = String(data: data, encoding: .utf8)
        else { throw ValidationError("--password-file: cannot read \(passwordFile)") }
        if text.hasSuffix("\r\n") {
            text.removeLast(1)
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        return text
    }
}

struct AccountsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an account.",
        discussion: """
            village accounts add --db village.sqlite --role household --household 101 --username u101 --password-file pw.txt
            village accounts add --db village.sqlite --role household --household 102 --username u102 --setup-code
            """)

    @OptionGroup var database: AccountsDatabaseOptions
    @Option(help: "household, manager, researcher or operator.") var role: Role
    @Option(help: "The unit number of a household account, e.g. 101.") var household: String?
    @Option(help: "Letters, digits, '.', '_' or '-'; 1–64 characters.") var username: String
    @OptionGroup var passwordSource: PasswordSourceOptions
    @Flag(name: .customLong("raw-exports"), help: "A researcher allowed exports with identifiers as stored.")
    var rawExports = false
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        let accounts = try database.openAccounts()
        let (account, code) = try await accounts.add(
            .init(username: username, role: role, household: household, rawExportAccess: rawExports),
            password: try passwordSource.password(), now: Int64(Date().timeIntervalSince1970))
        if json {
            struct Output: Encodable {
                var account: Account
                var setupCode: String?
                var setupCodeExpiresAt: Int64?
            }
            return try printJSON(Output(account: account, setupCode: code?.token, setupCodeExpiresAt: code?.expiresAt))
        }
        print(
            "Added \(account.role) account \(account.username)\(account.household.map { " for household \($0)" } ?? "")."
        )
        if let code { AccountsResetCommand.printSetupCode(code) }
    }
}

struct AccountsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts.")
    @OptionGroup var database: AccountsDatabaseOptions
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        let list = try await database.openAccounts().list()
        if json { return try printJSON(list) }
        guard !list.isEmpty else {
            print("No accounts yet: add one with `village accounts add`.")
            return
        }
        let rows = list.map { account in
            [
                account.username, account.role.rawValue, account.household ?? "",
                account.disabled ? "disabled" : (account.hasPassword ? "active" : "awaiting setup code"),
                account.rawExportAccess ? "raw exports" : "",
            ]
        }
        print(MarketFormatting.table(["User", "Role", "Household", "State", ""], rows))
    }
}

struct AccountsDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an account and end all its sessions and tokens.")
    @OptionGroup var database: AccountsDatabaseOptions
    @Option(help: "The account's user name.") var username: String

    func run() async throws {
        try await database.openAccounts().disable(username: username, now: Int64(Date().timeIntervalSince1970))
        print("Disabled \(username); its tokens and sessions are revoked.")
    }
}

struct AccountsResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Set a new password (or issue a new setup code), re-enable the account and revoke its tokens.")
    @OptionGroup var database: AccountsDatabaseOptions
    @Option(help: "The account's user name.") var username: String
    @OptionGroup var passwordSource: PasswordSourceOptions

    func run() async throws {
        let code = try await database.openAccounts().reset(
            username: username, password: try passwordSource.password(), now: Int64(Date().timeIntervalSince1970))
        print("Reset \(username); its tokens and sessions are revoked.")
        if let code { Self.printSetupCode(code) }
    }

    static func printSetupCode(_ code: IssuedToken) {
        let expiry = Date(timeIntervalSince1970: TimeInterval(code.expiresAt)).formatted(.iso8601)
        print("One-time setup code (shown once, valid until \(expiry)):\n  \(code.token)")
    }
}

struct AccountsGrantRawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant-raw", abstract: "Grant (or with --revoke withdraw) a researcher's raw export access.")
    @OptionGroup var database: AccountsDatabaseOptions
    @Option(help: "The researcher's user name.") var username: String
    @Flag(help: "Withdraw the grant.") var revoke = false

    func run() async throws {
        try await database.openAccounts().setRawExportAccess(username: username, granted: !revoke)
        print(revoke ? "\(username) now gets pseudonymised exports only." : "\(username) may export raw identifiers.")
    }
}

extension Role: ExpressibleByArgument {}
