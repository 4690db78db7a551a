import Crypto
import Foundation

/// Stable pseudonyms for researchers: HMAC-SHA256 under the backend's secret key, so that one
/// village or household keeps one pseudonym across exports, but nobody without the key can link it
/// back (a plain hash of a unit number could be reversed by trying every unit).
struct Pseudonyms: Sendable {
    let secret: Data

    init(secret: String) { self.secret = Data(secret.utf8) }

    func village(_ name: String) -> String { "v-" + tag("village\u{0}" + name) }

    func household(_ unit: String, village: String) -> String {
        "h-" + tag("household\u{0}" + village + "\u{0}" + unit)
    }

    private func tag(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret)).prefix(8)
            .map { String(format: "%02x", $0) }.joined()
    }
}
