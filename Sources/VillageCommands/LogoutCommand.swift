import ArgumentParser
import Foundation
import VillageClient

/// `village logout`: revokes the token of `village login` on the server and removes the login file.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Revoke the token of `village login` and remove the login file.",
        discussion: """
            The file goes even when the server cannot be reached; the token then stays valid on the \
            server until it expires, which the command says.
            """
    )

    @OptionGroup var credentials: CredentialsOptions

    func run() async throws {
        let file = credentials.file
        guard let login = try file.load() else {
            print("Not logged in (no \(file.path)).")
            return
        }
        var revoked = true
        do {
            try await VillageServerClient(credentials: login).revokeToken()
        } catch let error as ClientError where error.code == .unauthorized {
            // The server no longer accepts the token: nothing left to revoke.
        } catch {
            revoked = false
            FileHandle.standardError.write(
                Data(
                    ("warning: the token could not be revoked (\(error)); it stays valid until"
                        + " \(CredentialsOptions.utc(login.expiresAt))\n").utf8))
        }
        try file.remove()
        print("Logged out of \(login.server)\(revoked ? "" : " on this device only"); removed \(file.path).")
    }
}
