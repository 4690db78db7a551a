import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Market
import VillageAccounts
import VillageBackend
import VillageServer

/// `village backend --pg URL --listen ADDR`: the city backend on PostgreSQL; `village backend
/// villages add` and `village backend accounts add` administer it.
struct BackendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backend",
        abstract: "Run or administer the city backend: many villages' uplinks into one PostgreSQL database.",
        discussion: """
            Villages push batches to POST /api/v1/uplink/batches with their upload token (`village backend \
            villages add` makes one). Operators, managers, researchers and households read with an API token \
            (`village backend accounts add`). The schema's migrations are applied at start.
            """,
        subcommands: [BackendServeCommand.self, BackendVillagesCommand.self, BackendAccountsCommand.self],
        defaultSubcommand: BackendServeCommand.self)
}

/// `--pg` of every backend command.
struct BackendDatabaseOptions: ParsableArguments {
    @Option(help: "The PostgreSQL database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.")
    var pg: String

    func address() throws -> PostgresAddress {
        do {
            return try PostgresAddress(parsing: pg)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Runs `body` against the migrated database.
    func withDatabase<T: Sendable>(_ body: @Sendable (BackendDatabase) async throws -> T) async throws -> T {
        var logger = Logger(label: "village.backend")
        logger.logLevel = .warning
        do {
            return try await BackendDatabase.with(try address(), logger: logger, body)
        } catch let error as BackendError {
            throw ValidationError(error.description)
        } catch let error as AccountError {
            throw ValidationError("\(error)")
        }
    }
}

struct BackendServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the backend's HTTP API until SIGINT or SIGTERM (the default).")

    @OptionGroup var database: BackendDatabaseOptions

    @Option(help: "Address to listen on, HOST:PORT (port 0: any free port).")
    var listen = ListenAddress(host: "127.0.0.1", port: 8090)

    @Option(name: .customLong("log-level"), help: "The least severe messages logged.")
    var logLevel = Logger.Level.notice

    func run() async throws {
        let address = try database.address()
        var logger = Logger(label: "village.backend")
        logger.logLevel = logLevel
        let app = BackendServer.application(database: address, listen: listen, logger: logger) { [listen] port in
            print("village backend: listening on http://\(ListenAddress(host: listen.host, port: port)); Ctrl-C stops")
            fflush(nil)
        }
        try await app.runService()
        print("village backend: stopped")
    }
}

struct BackendVillagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "villages", abstract: "Register villages and list them.",
        subcommands: [BackendVillagesAddCommand.self, BackendVillagesListCommand.self])
}

struct BackendVillagesAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register a village: its name, its ledger's public key, and a new upload token written to a file.")

    @OptionGroup var database: BackendDatabaseOptions

    @Option(
        help:
            "The village's name as its edge sends it (`village status` on the village shows it; letters, digits, '.', '_', '-')."
    )
    var name: String

    @Option(
        name: .customLong("public-key"),
        help: "The village's checkpoint public key: its base64 text or a file holding it (`village keys`).")
    var publicKey: String

    @Option(
        name: .customLong("token-file"),
        help: "New file (mode 0600) to write the upload token to; give it to the village's `--upstream-token`.")
    var tokenFile: String

    @Option(name: .customLong("time-zone"), help: "The village's time zone, for monthly balances.")
    var timeZone = "Asia/Seoul"

    func run() async throws {
        let key: LedgerPublicKey
        do {
            key = try LedgerPublicKey(argument: publicKey)
        } catch {
            throw ValidationError("--public-key: \(error.message)")
        }
        try SecretFile.checkNew(tokenFile, option: "--token-file")
        let (name, timeZone) = (name, timeZone)
        let token = try await database.withDatabase { database in
            try await database.addVillage(name: name, publicKey: key, timeZone: timeZone)
        }
        try SecretFile.write(token, to: tokenFile, option: "--token-file")
        print("village backend: village \(name) registered; its upload token is in \(tokenFile)")
    }
}

struct BackendVillagesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The villages, their last batch, lag, ledger size and last checkpoint.")

    @OptionGroup var database: BackendDatabaseOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let villages = try await database.withDatabase { try await $0.villageSummaries() }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(villages), as: UTF8.self))
            return
        }
        print("village".padding(toLength: 20, withPad: " ", startingAt: 0) + " batch     lag s   ledger  checkpoint")
        for village in villages {
            let batch = village.lastBatchNumber.map(String.init) ?? "-"
            let lag = village.lagSeconds.map(String.init) ?? "-"
            let checkpoint = village.lastVerifiedCheckpoint.map { String($0.treeSize) } ?? "-"
            print(
                village.name.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + " \(batch.leftPadded(6)) \(lag.leftPadded(8)) \(String(village.ledgerSize).leftPadded(8))"
                    + "  \(checkpoint)")
        }
    }
}

struct BackendAccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "Accounts of the backend's readers.",
        subcommands: [
            BackendAccountsAddCommand.self, BackendAccountsGrantRawCommand.self, BackendAccountsRevokeRawCommand.self,
            BackendAccountsAuditCommand.self,
        ])
}

struct BackendAccountsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an account and write an API token for it to a new file (mode 0600).",
        discussion: "A household account is bound to one unit of one village: give --village and --household.")

    @OptionGroup var database: BackendDatabaseOptions

    @Option(help: "The account's user name.")
    var username: String

    @Option(help: "operator, manager, researcher or household.")
    var role: Role

    @Option(help: "The village of a household account.")
    var village: String?

    @Option(help: "The unit of a household account.")
    var household: String?

    @Option(name: .customLong("token-file"), help: "New file (mode 0600) to write the API token to.")
    var tokenFile: String

    @Option(
        name: .customLong("password-file"),
        help: "File holding a password (one line, 10–72 bytes) with which the account can also log in.")
    var passwordFile: String?

    @Option(help: "How long the token is valid, days.")
    var days: Int64 = 30

    func run() async throws {
        try SecretFile.checkNew(tokenFile, option: "--token-file")
        guard (1...3650).contains(days) else { throw ValidationError("--days: between 1 and 3650") }
        var password: String?
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw ValidationError("--password-file: cannot read \(passwordFile)")
            }
            var text = String(decoding: data, as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            password = text
        }
        let (username, role, village, household, days) = (username, role, village, household, days)
        let given = password
        let token = try await database.withDatabase { database in
            try await database.addAccount(
                username: username, role: role, village: village, household: household, password: given,
                lifetime: days * 86_400)
        }
        try SecretFile.write(token, to: tokenFile, option: "--token-file")
        print("village backend: account \(username) (\(role)) added; its API token is in \(tokenFile)")
    }
}

/// A new file, readable by its owner only, for a secret made once.
enum SecretFile {
    static func checkNew(_ path: String, option: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("\(option): \(path) exists; give a new file (a token is never overwritten)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        guard FileManager.default.isWritableFile(atPath: directory.isEmpty ? "." : directory) else {
            throw ValidationError("\(option): cannot write in \(directory.isEmpty ? "." : directory)")
        }
    }

    static func write(_ secret: String, to path: String, option: String) throws {
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw ValidationError("\(option): cannot create \(path)") }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
