import Crypto
import Foundation

/// Upload and API tokens: random, given to their owner once, stored only as their SHA-256.
package enum TokenHash {
    /// 32 random bytes, URL-safe base64, with a prefix that tells the kind apart in secret scanners.
    package static func newToken(prefix: String) -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return prefix
            + bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Hex SHA-256: what the database keeps, so that a stolen database yields no usable token.
    package static func stored(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
