import Foundation

/// Timestamps as the village reads them: ISO 8601 in the site's time (UTC+9).
enum LocalTime {
    static let offsetSeconds: Int64 = 9 * 3600

    static func format(_ unixSeconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: Int(offsetSeconds))
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unixSeconds)))
    }
}
