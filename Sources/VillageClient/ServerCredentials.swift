import Foundation

/// What `village login` keeps so that later commands can reach the server as the same account:
/// the server's base URL, the account's user name, the API token and when it expires.
///
/// The token is a bearer secret: the file that holds it is created 0600 in a 0700 directory, and
/// no message ever prints it.
package struct ServerCredentials: Codable, Sendable, Equatable {
    /// The server's base URL as given to `village login`, e.g. `https://village.example:8443`.
    package var server: String
    package var username: String
    package var token: String
    /// UTC Unix seconds.
    package var expiresAt: Int64

    package init(server: String, username: String, token: String, expiresAt: Int64) {
        self.server = server
        self.username = username
        self.token = token
        self.expiresAt = expiresAt
    }

    /// True once the token's lifetime is over at `now` (UTC Unix seconds).
    package func isExpired(now: Int64) -> Bool { expiresAt <= now }
}
