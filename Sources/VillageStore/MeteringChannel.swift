/// The semantic name of a measured quantity, such as `energy.import`.
///
/// Names are lowercase dotted words so that they read the same in SQL, JSON and YAML. The unit is
/// implied by the name: energies in Wh, volumes in litres, state of charge in Wh stored. The
/// constants below are the vocabulary the village uses; device profiles may add more.
public struct MeteringChannel: RawRepresentable, Sendable, Hashable, Codable, Comparable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// True when the name is lowercase ASCII letters, digits, `_` and `.`-separated non-empty words.
    ///
    /// One pass over the bytes without allocating: it runs for every reading that is stored.
    public var isWellFormed: Bool {
        var length = 0
        var wordIsEmpty = true
        for byte in rawValue.utf8 {
            length += 1
            if byte == 0x2E {  // "."
                if wordIsEmpty { return false }
                wordIsEmpty = true
            } else if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F {
                wordIsEmpty = false
            } else {
                return false
            }
        }
        return length > 0 && length <= 64 && !wordIsEmpty
    }

    /// Electricity drawn from the grid or the village bus, Wh.
    public static let energyImport: Self = "energy.import"
    /// Electricity fed back, Wh.
    public static let energyExport: Self = "energy.export"
    /// PV generation, Wh.
    public static let pvGeneration: Self = "pv.generation"
    /// Cold water volume, litres.
    public static let water: Self = "water.volume"
    /// Space heating delivered, Wh (thermal).
    public static let heating: Self = "heating.energy"
    /// Space cooling delivered, Wh (thermal).
    public static let cooling: Self = "cooling.energy"
    /// Domestic hot water volume, litres.
    public static let hotWater: Self = "hotwater.volume"
    /// Battery charge energy, Wh (AC side).
    public static let essCharge: Self = "ess.charge"
    /// Battery discharge energy, Wh (AC side).
    public static let essDischarge: Self = "ess.discharge"
    /// Battery state of charge, Wh stored (a level, not a flow).
    public static let essStateOfCharge: Self = "ess.soc"
    /// Heat pump electricity input, Wh.
    public static let heatPumpElectricity: Self = "heatpump.electricity"
    /// Heat pump thermal output, Wh.
    public static let heatPumpHeat: Self = "heatpump.heat"
    /// Heat-storage tank stored heat, Wh (a level, not a flow).
    public static let tankHeat: Self = "tank.heat"
    /// Outdoor air temperature, °C (an instantaneous value; the store also keeps each interval's mean).
    public static let outdoorTemperature: Self = "temperature.outdoor"
}
