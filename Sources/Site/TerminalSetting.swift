import ConfigFiles

/// What stored energy left at the end of the horizon is worth (or must be left): without either, a
/// finite horizon empties every store at its end, which the receding horizon then regrets.
public enum TerminalSetting: Sendable, Hashable, Codable {
    /// Battery energy at the horizon's mean import price × discharge efficiency; tank energy at the
    /// lowest import price ÷ the mean COP.
    case automatic
    /// Explicit values of stored energy, won per kWh.
    case values(batteryWonPerKWh: Double, hotTankWonPerKWh: Double, coldTankWonPerKWh: Double)
    /// Minimum stored energy at the horizon's end, kWh (the tanks' as the tank sensor reports it);
    /// stored energy is then worth nothing.
    case targets(batteryKWh: Double, hotTankKWh: Double, coldTankKWh: Double)

    /// The `mode` key's values.
    public static let modes = ["automatic", "values", "targets"]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode, batteryWonPerKWh, hotTankWonPerKWh, coldTankWonPerKWh, batteryKWh, hotTankKWh, coldTankKWh
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let mode = try c.decode(String.self, forKey: .mode)
        let allowed: [CodingKeys]
        switch mode {
        case "automatic":
            allowed = [.mode]
            self = .automatic
        case "values":
            allowed = [.mode, .batteryWonPerKWh, .hotTankWonPerKWh, .coldTankWonPerKWh]
            self = .values(
                batteryWonPerKWh: try c.decode(.batteryWonPerKWh, default: 0, in: 0...100_000),
                hotTankWonPerKWh: try c.decode(.hotTankWonPerKWh, default: 0, in: 0...100_000),
                coldTankWonPerKWh: try c.decode(.coldTankWonPerKWh, default: 0, in: 0...100_000))
        case "targets":
            allowed = [.mode, .batteryKWh, .hotTankKWh, .coldTankKWh]
            self = .targets(
                batteryKWh: try c.decode(.batteryKWh, default: 0, in: 0...1_000_000),
                hotTankKWh: try c.decode(.hotTankKWh, default: 0, in: 0...1_000_000),
                coldTankKWh: try c.decode(.coldTankKWh, default: 0, in: 0...1_000_000))
        default:
            throw ConfigFieldError(
                code: .invalidValue, path: c.codingPath + [CodingKeys.mode],
                message: "unknown mode '\(mode)' (known: \(Self.modes.joined(separator: ", ")))")
        }
        for key in c.allKeys where !allowed.contains(key) {
            throw ConfigFieldError(
                code: .unknownKey, path: c.codingPath + [key],
                message:
                    "'\(key.stringValue)' does not apply to mode \(mode) (allowed: \(allowed.map(\.stringValue).joined(separator: ", ")))"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .automatic:
            try c.encode("automatic", forKey: .mode)
        case .values(let battery, let hot, let cold):
            try c.encode("values", forKey: .mode)
            try c.encode(battery, forKey: .batteryWonPerKWh)
            try c.encode(hot, forKey: .hotTankWonPerKWh)
            try c.encode(cold, forKey: .coldTankWonPerKWh)
        case .targets(let battery, let hot, let cold):
            try c.encode("targets", forKey: .mode)
            try c.encode(battery, forKey: .batteryKWh)
            try c.encode(hot, forKey: .hotTankKWh)
            try c.encode(cold, forKey: .coldTankKWh)
        }
    }
}
