/// What a stored secret is for. All three are random, stored only as their SHA-256, and expire.
package enum TokenKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `Authorization: Bearer` on the JSON API.
    case api
    /// The web app's session cookie.
    case session
    /// A one-time code that lets a household set its first password.
    case setup

    /// How long a secret of this kind lives unless the caller says otherwise, seconds.
    package var defaultLifetime: Int64 {
        switch self {
        case .api: 30 * 24 * 3600
        case .session: 12 * 3600
        case .setup: 14 * 24 * 3600
        }
    }
}

/// A secret just made: the only time its clear text exists. Give it to its owner, never log it.
package struct IssuedToken: Sendable, Hashable {
    package var token: String
    package var kind: TokenKind
    /// UTC Unix seconds after which it is refused.
    package var expiresAt: Int64
    package var accountID: Int64
}
