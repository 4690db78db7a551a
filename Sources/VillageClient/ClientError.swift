/// Why a command could not get its answer from the village server, in words that say what to do.
/// Never carries the token or a password.
package struct ClientError: Error, CustomStringConvertible, Sendable {
    package enum Code: String, Sendable {
        /// No login, or a login to another server.
        case notLoggedIn
        /// The stored token's expiry has passed.
        case expired
        /// The credentials file cannot be read or written.
        case credentials
        /// The server cannot be reached.
        case unreachable
        /// 401: the server does not accept the token (expired, revoked) or the user name and password.
        case unauthorized
        /// 403: the account may not see this.
        case forbidden
        /// 404.
        case notFound
        /// Another 4xx: the request was refused as invalid.
        case invalidRequest
        /// 5xx, or an answer that is not what the API documents.
        case server
    }

    package var code: Code
    package var description: String

    package init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
