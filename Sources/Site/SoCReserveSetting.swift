import ConfigFiles

/// "Hold at least `socPct` by `byLocalTime`", every day of the horizon: for the evening peak or an
/// announced outage.
public struct SoCReserveSetting: Sendable, Hashable, Codable {
    /// Percent of the battery's capacity, inside `ess.socMinPct`–`ess.socMaxPct`.
    public var socPct: Double
    /// Local time of day, `HH:MM` on a quarter hour.
    public var byLocalTime: String

    public init(socPct: Double, byLocalTime: String) {
        self.socPct = socPct
        self.byLocalTime = byLocalTime
    }

    /// Minutes after local midnight, or nil when `byLocalTime` is not `HH:MM` on a quarter hour.
    public var minuteOfDay: Int? {
        let parts = byLocalTime.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...23).contains(hour), [0, 15, 30, 45].contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case socPct, byLocalTime
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        socPct = try c.decode(.socPct, in: 0...100)
        byLocalTime = try c.decode(String.self, forKey: .byLocalTime)
        guard minuteOfDay != nil else {
            throw ConfigFieldError(
                code: .invalidValue, path: c.codingPath + [CodingKeys.byLocalTime],
                message: "'\(byLocalTime)' is not a local time HH:MM on a quarter hour (00, 15, 30 or 45)")
        }
    }
}
