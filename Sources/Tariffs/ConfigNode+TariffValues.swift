import ConfigFiles

/// The kinds of problem only a tariff file has; `TariffError(_:)` maps them back to its codes.
extension ConfigError.Code {
    static let unreadableFile = ConfigError.Code.unreadable
    static let overlappingHours = Self(TariffError.Code.overlappingHours)
    static let missingHours = Self(TariffError.Code.missingHours)
    static let monthInNoSeason = Self(TariffError.Code.monthInNoSeason)
    static let monthInSeveralSeasons = Self(TariffError.Code.monthInSeveralSeasons)
    static let decreasingTierLimit = Self(TariffError.Code.decreasingTierLimit)
    static let missingRate = Self(TariffError.Code.missingRate)

    init(_ code: TariffError.Code) {
        self.init(rawValue: code.rawValue)
    }
}

/// Values as a tariff file writes them: read from the scalar's text, never from YAML's own typing,
/// so that `0.1` stays an exact decimal and `2024-01-01` a local date.
extension ConfigNode {
    /// The raw scalar text; a null is refused, since no tariff value may be left blank.
    func text() throws(ConfigError) -> String {
        guard let text = scalarText, !isNull else { throw error("expected a text or number value") }
        return text
    }

    func decimal(decimals: Int) throws(ConfigError) -> Int64 {
        let text = try text()
        guard let value = ScaledDecimal.parse(text, decimals: decimals) else {
            throw error("expected a decimal number with at most \(decimals) decimals, found '\(text)'")
        }
        return value
    }

    func date() throws(ConfigError) -> LocalDate {
        let text = try text()
        guard let date = LocalDate(iso: text) else { throw error("expected a date YYYY-MM-DD, found '\(text)'") }
        return date
    }
}
