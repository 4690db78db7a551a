import Crypto
import Foundation

/// Random secrets and their stored form.
enum SecretToken {
    /// 32 random bytes (256 bits) from the system's generator, URL-safe base64, with a prefix that
    /// tells a leaked token apart in logs and secret scanners.
    static func make(kind: TokenKind) -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let text = bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        switch kind {
        case .api: return "vlg_" + text
        case .session: return "vls_" + text
        case .setup: return "vlc_" + text
        }
    }

    /// What the database keeps: the SHA-256 of the secret, hex. A stolen database yields no usable token.
    static func storedHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
