import ConfigFiles
import Foundation

/// What the site file says about the village's ledger: the public key its checkpoints are signed
/// with, published with the site so that `ledger verify` and receipts check signatures by default.
public struct SiteLedger: Sendable, Hashable, Codable {
    /// The operator's Ed25519 public key, base64 of its 32 raw bytes (what `village keys generate`
    /// prints); unset: nothing is checked against a key unless one is given on the command line.
    public var publicKey: String?

    public init(publicKey: String? = nil) {
        self.publicKey = publicKey
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case publicKey
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decodeIfPresent(String.self, forKey: .publicKey)?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // The curve check needs the crypto library; the site file only checks the shape, so that a
        // truncated or mistyped paste is refused where it was made.
        if let text, Data(base64Encoded: text)?.count != 32 {
            throw ConfigFieldError(
                code: .invalidValue, path: c.codingPath + [CodingKeys.publicKey],
                message:
                    "not the base64 of a 32-byte Ed25519 public key (paste the line `village keys generate` prints)")
        }
        publicKey = text
    }
}
