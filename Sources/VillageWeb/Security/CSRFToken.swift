import Crypto
import Foundation

/// The token every form carries, bound to the session it was made for: HMAC-SHA256 of the session's
/// id under the server's secret. A form posted from another session, or a forged one, fails the
/// check, and the server keeps no token list (the session id is already secret and server-side).
package struct CSRFTokens: Sendable {
    private let secret: Data
    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// `secret`: at least 32 random bytes, kept for the server's lifetime.
    package init(secret: some DataProtocol) {
        self.secret = Data(secret)
    }

    /// A server with a fresh random secret: tokens die with the process, as its sessions' forms do.
    package static func random() -> CSRFTokens {
        CSRFTokens(secret: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// The token for forms shown in the session `sessionID`.
    package func token(forSession sessionID: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("csrf:\(sessionID)".utf8), using: key)
        return Base64URL.encode(Data(mac))
    }

    /// Whether `token` is the one of `sessionID`; compared in constant time.
    package func isValid(_ token: String?, forSession sessionID: String) -> Bool {
        guard let token, let given = Base64URL.decode(token) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Data("csrf:\(sessionID)".utf8), using: key)
    }
}

/// Base64 with the URL- and form-safe alphabet and no padding.
package enum Base64URL {
    package static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func decode(_ text: String) -> Data? {
        guard text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || isAlphanumeric($0) })
        else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
