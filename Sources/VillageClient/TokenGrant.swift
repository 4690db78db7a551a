import Foundation

/// The answer of `POST /api/v1/tokens`: a bearer token and when it expires.
package struct TokenGrant: Decodable, Sendable {
    package var token: String
    /// UTC Unix seconds.
    package var expiresAt: Int64

    enum CodingKeys: String, CodingKey { case token, expiresAt }

    package init(token: String, expiresAt: Int64) {
        self.token = token
        self.expiresAt = expiresAt
    }

    /// Reads `expiresAt` as Unix seconds or as an ISO 8601 date-time, so that either form the
    /// server documents is understood.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        token = try container.decode(String.self, forKey: .token)
        if let seconds = try? container.decode(Int64.self, forKey: .expiresAt) {
            expiresAt = seconds
        } else {
            let text = try container.decode(String.self, forKey: .expiresAt)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let plain = ISO8601DateFormatter()
            guard let date = formatter.date(from: text) ?? plain.date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .expiresAt, in: container, debugDescription: "not Unix seconds nor ISO 8601: \(text)")
            }
            expiresAt = Int64(date.timeIntervalSince1970.rounded(.down))
        }
    }
}
