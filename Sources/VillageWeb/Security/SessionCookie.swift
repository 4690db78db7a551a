/// The `Set-Cookie` values of the web session: HttpOnly (no script reads it), SameSite=Strict (no
/// other site's page sends it), Path=/, and Secure when the server is reached over TLS (directly or
/// behind a TLS-terminating proxy; a configuration flag, since the server cannot tell the latter).
package struct SessionCookie: Sendable, Hashable {
    package static let name = "village_session"

    /// Whether browsers reach the server over HTTPS.
    package var secure: Bool
    /// Seconds the browser keeps the cookie; the session's own expiry is checked on the server.
    package var maxAgeSeconds: Int

    package init(secure: Bool, maxAgeSeconds: Int = 12 * 3600) {
        self.secure = secure
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// The header value that stores `token` in the browser.
    package func setting(_ token: String) -> String {
        attributes(Self.name + "=" + token, maxAge: maxAgeSeconds)
    }

    /// The header value that removes the cookie (logout).
    package func clearing() -> String {
        attributes(Self.name + "=", maxAge: 0)
    }

    private func attributes(_ pair: String, maxAge: Int) -> String {
        var parts = [pair, "Path=/", "Max-Age=\(maxAge)", "HttpOnly", "SameSite=Strict"]
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    /// The value of cookie `name` in a `Cookie` request header, or nil.
    package static func value(named name: String = SessionCookie.name, inHeader header: String?) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let trimmed = pair.drop { $0 == " " }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            if trimmed[..<equals] == name { return String(trimmed[trimmed.index(after: equals)...]) }
        }
        return nil
    }
}
