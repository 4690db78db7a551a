import Crypto
import Foundation

/// Replaces household and device identifiers with keyed hashes (HMAC-SHA256).
///
/// The same key gives the same pseudonym in every export, so researchers can join exports made at
/// different times; without the key a pseudonym cannot be linked to a unit number (the key is
/// secret, unlike a plain hash that anyone could compute over the 56 unit numbers). Households and
/// devices are hashed under different labels, so a device's pseudonym does not reveal its household.
struct Pseudonymizer {
    /// Keys shorter than this are refused: a short key could be found by trying.
    static let minimumKeyBytes = 16

    private let key: SymmetricKey

    init(keyData: Data) {
        key = SymmetricKey(data: keyData)
    }

    /// Reads the key file: its bytes as they are, at least `minimumKeyBytes` of them.
    init(keyFile path: String) throws(ExportError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExportError(.fileAccess, path, "cannot read the pseudonymisation key file (--key)")
        }
        guard data.count >= Self.minimumKeyBytes else {
            throw ExportError(
                .invalidArgument, path,
                "the key file has \(data.count) bytes; a key needs at least \(Self.minimumKeyBytes) (e.g. `head -c 32 /dev/urandom > key`)"
            )
        }
        self.init(keyData: data)
    }

    /// `hh-` and 128 bits of the HMAC of the unit number, in hex.
    func household(_ unitId: String) -> String { "hh-" + digest(label: "household", unitId) }

    /// `dev-` and 128 bits of the HMAC of the device id, in hex.
    func device(_ deviceId: String) -> String { "dev-" + digest(label: "device", deviceId) }

    /// `site-` and 128 bits of the HMAC of the site id, which may be the village's name.
    func site(_ siteId: String) -> String { "site-" + digest(label: "site", siteId) }

    private func digest(label: String, _ identifier: String) -> String {
        var message = Data(label.utf8)
        message.append(0)
        message.append(contentsOf: identifier.utf8)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return code.prefix(16).map { byte in
            let hex = Array("0123456789abcdef")
            return String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
        }.joined()
    }
}
