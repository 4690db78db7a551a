import ArgumentParser
import Foundation
import VillageClient

/// `village login --server URL --username NAME [--password-file FILE]`: signs in to a village
/// server and keeps its token, so that `balance`, `trades`, `bill`, `dispatch settings` and
/// `export` ask the server instead of reading a database.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in to a village server; later commands use its token.",
        discussion: """
            Asks for the password without echo (or reads the first line of --password-file) and trades it \
            for an API token (POST /api/v1/tokens). The server URL, user name, token and its expiry are kept \
            in the login file, created readable only by you (0600): --credentials FILE, else \
            $\(CredentialsFile.environmentVariable), else $XDG_CONFIG_HOME/village/credentials.json, else \
            ~/.config/village/credentials.json. The password is never stored or printed.

            Example:
              village login --server https://village.example --username u101
              village balance --household 101
            """
    )

    @Option(help: "The village server's URL, e.g. http://127.0.0.1:8080.")
    var server: String

    @Option(help: "The account's user name.")
    var username: String

    @Option(
        name: .customLong("password-file"),
        help: "Read the password from this file's first line instead of asking (keep it 0600).")
    var passwordFile: String?

    @OptionGroup var credentials: CredentialsOptions

    @Flag(help: "Print the login (without the token) as JSON.")
    var json = false

    func validate() throws {
        guard !username.isEmpty else { throw ValidationError("--username must not be empty") }
        do { _ = try VillageServerClient(server: server) } catch { throw ValidationError(error.description) }
    }

    struct Output: Encodable {
        var server: String
        var username: String
        var expiresAt: Int64
        var credentials: String
    }

    func run() async throws {
        let password =
            try passwordFile.map { try PasswordInput.read(file: $0, option: "--password-file") }
            ?? PasswordInput.prompt("Password for \(username) at \(server): ", option: "--password-file")
        let client = try VillageServerClient(server: server)
        let grant = try await client.issueToken(username: username, password: password)
        let file = credentials.file
        try file.save(
            ServerCredentials(server: server, username: username, token: grant.token, expiresAt: grant.expiresAt))
        if json {
            return try printJSON(
                Output(server: server, username: username, expiresAt: grant.expiresAt, credentials: file.path))
        }
        print("Logged in to \(server) as \(username) until \(CredentialsOptions.utc(grant.expiresAt)).")
        print("The token is kept in \(file.path) (readable only by you); `village logout` ends it.")
    }
}
