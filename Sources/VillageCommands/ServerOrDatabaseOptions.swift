import ArgumentParser
import Foundation
import VillageClient

/// Where a household command reads: the village database itself with `--db` (the operator, on the
/// server machine), otherwise the village server that `village login` signed in to.
struct ServerOrDatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help:
            "Read this village database (SQLite) directly, as the operator; without it, ask the server of `village login`."
    )
    var databasePath: String?

    @Option(help: "The village server's URL; default: the server of `village login` (it must be the same).")
    var server: String?

    @OptionGroup var credentials: CredentialsOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    /// Where the data comes from.
    enum Source {
        case database(path: String)
        case server(VillageServerClient)
    }

    func validate() throws {
        if databasePath != nil, server != nil {
            throw ValidationError("give --db (read the database) or --server (ask the server), not both")
        }
    }

    /// The database when `--db` is given, else a client of the logged-in server.
    func source() throws -> Source {
        if let databasePath { return .database(path: databasePath) }
        return .server(try credentials.loggedInClient(server: server))
    }
}

/// `--credentials FILE`: where `village login` keeps the server, user name and token.
struct CredentialsOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The login file (default: $\(CredentialsFile.environmentVariable), else $XDG_CONFIG_HOME/village/credentials.json or ~/.config/village/credentials.json).",
            valueName: "file"))
    var credentials: String?

    var file: CredentialsFile { CredentialsFile.resolve(option: credentials) }

    /// A client of the server logged in to, refusing a missing, foreign or expired login.
    func loggedInClient(server: String?, now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> VillageServerClient
    {
        let file = file
        guard let login = try file.load() else {
            throw CommandError(
                "not logged in (no \(file.path)): run `village login --server URL --username NAME`,"
                    + " or read a database directly with --db PATH")
        }
        if let server, Self.normalised(server) != Self.normalised(login.server) {
            throw CommandError(
                "logged in to \(login.server), not \(server): run `village login --server \(server) --username NAME`")
        }
        if login.isExpired(now: now) {
            throw CommandError(
                "the login to \(login.server) as \(login.username) expired at \(Self.utc(login.expiresAt)):"
                    + " run `village login --server \(login.server) --username \(login.username)` again")
        }
        return try VillageServerClient(credentials: login)
    }

    static func normalised(_ url: String) -> String {
        var text = url.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// `2026-12-04 09:00 UTC`.
    static func utc(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
