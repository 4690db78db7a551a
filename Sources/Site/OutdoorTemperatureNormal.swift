import ConfigFiles

/// The site's typical outdoor temperature for each hour of each month (the optional
/// `outdoorTemperatureNormal:` section): the forecast of tomorrow's temperature, plus the current
/// departure from it, when no weather forecast is given.
public struct OutdoorTemperatureNormal: Sendable, Hashable, Codable {
    /// Where the figures come from (a weather service's climate normals, the site's own records).
    public var source: String?
    /// Twelve rows, January first, of 24 values in °C, one per local hour starting at 00:00.
    public var months: [[Double]]

    public init(source: String? = nil, months: [[Double]]) {
        self.source = source
        self.months = months
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case source, months
    }

    /// The coldest and warmest normal a village could have.
    static let plausibleCelsius = -60.0...60.0

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        months = try c.decode([[Double]].self, forKey: .months)
        let path = c.codingPath + [CodingKeys.months]
        guard months.count == 12 else {
            throw ConfigFieldError(
                code: .invalidValue, path: path,
                message: "has \(months.count) rows; needs 12 (January to December) of 24 hourly values")
        }
        for (month, hours) in months.enumerated() {
            let row = path + [AnyCodingKey(intValue: month)]
            guard hours.count == 24 else {
                throw ConfigFieldError(
                    code: .invalidValue, path: row,
                    message: "has \(hours.count) values; needs 24 (one per local hour from 00:00)")
            }
            if let hour = hours.firstIndex(where: { !Self.plausibleCelsius.contains($0) }) {
                throw ConfigFieldError(
                    code: .invalidValue, path: row + [AnyCodingKey(intValue: hour)],
                    message:
                        "\(hours[hour]) °C is outside \(Self.plausibleCelsius.lowerBound)...\(Self.plausibleCelsius.upperBound)"
                )
            }
        }
    }
}
