import ConfigFiles

/// When the battery may charge from the grid (`dispatch.gridCharging`), as the site file and the
/// settings API give it: `never` (only from the village's PV surplus), `cheaperThan` a price in won
/// per kWh (the grid only in intervals whose import price is below it), or `allowed`.
///
/// Written `gridCharging: never`, `gridCharging: allowed`, or as a map
/// `gridCharging: {mode: cheaperThan, wonPerKWh: 95}` (`{mode: never}` works too); encoded always
/// as the map, so JSON round-trips it.
public enum GridChargingSetting: Sendable, Hashable, Codable {
    case never
    case cheaperThan(wonPerKWh: Double)
    case allowed

    /// The `mode` values.
    public static let modes = ["never", "cheaperThan", "allowed"]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode, wonPerKWh
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let mode = try? single.decode(String.self) {
            switch mode {
            case "never": self = .never
            case "allowed": self = .allowed
            default:
                throw ConfigFieldError(
                    code: .invalidValue, path: decoder.codingPath,
                    message:
                        "'\(mode)' is not a grid-charging policy (never, allowed, or {mode: cheaperThan, wonPerKWh: X})"
                )
            }
            return
        }
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let mode = try c.decode(String.self, forKey: .mode)
        switch mode {
        case "never", "allowed":
            if c.contains(.wonPerKWh) {
                throw ConfigFieldError(
                    code: .unknownKey, path: c.codingPath + [CodingKeys.wonPerKWh],
                    message: "'wonPerKWh' applies to mode cheaperThan only")
            }
            self = mode == "never" ? .never : .allowed
        case "cheaperThan":
            self = .cheaperThan(wonPerKWh: try c.decode(.wonPerKWh, in: 0...100_000))
        default:
            throw ConfigFieldError(
                code: .invalidValue, path: c.codingPath + [CodingKeys.mode],
                message: "unknown mode '\(mode)' (known: \(Self.modes.joined(separator: ", ")))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .never: try c.encode("never", forKey: .mode)
        case .allowed: try c.encode("allowed", forKey: .mode)
        case .cheaperThan(let price):
            try c.encode("cheaperThan", forKey: .mode)
            try c.encode(price, forKey: .wonPerKWh)
        }
    }
}
