import ConfigFiles

/// One heat pump of the heat plant. It charges whichever tank its controller asks for; its COP
/// depends on the source temperature and the tank's supply temperature.
public struct HeatPump: Sendable, Hashable, Codable {
    /// Where the heat pump takes heat from (or rejects it to, when cooling).
    public enum Source: String, Sendable, Hashable, Codable {
        /// River water: follows the air temperature with a lag and a damped swing.
        case river
        /// Vertical ground heat exchangers: nearly constant over the year.
        case ground
    }

    /// Id of the `heat-pump` device that serves this machine.
    public var device: String
    public var source: Source
    /// Electric input at full load.
    public var electricPowerMaxKW: Double
    /// Lowest electric input at which the compressor can run (below it the pump is off).
    public var electricPowerMinKW: Double
    /// Fraction of the Carnot COP the machine reaches, typically 0.4–0.55.
    public var carnotEfficiency: Double

    public init(
        device: String, source: Source, electricPowerMaxKW: Double, electricPowerMinKW: Double = 10,
        carnotEfficiency: Double = 0.45
    ) {
        self.device = device
        self.source = source
        self.electricPowerMaxKW = electricPowerMaxKW
        self.electricPowerMinKW = electricPowerMinKW
        self.carnotEfficiency = carnotEfficiency
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case device, source, electricPowerMaxKW, electricPowerMinKW, carnotEfficiency
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        device = try c.decode(String.self, forKey: .device)
        source = try c.decode(Source.self, forKey: .source)
        electricPowerMaxKW = try c.decode(.electricPowerMaxKW, in: 0.001...100_000)
        electricPowerMinKW = try c.decode(
            .electricPowerMinKW, default: min(10, electricPowerMaxKW),
            in: 0...electricPowerMaxKW)
        carnotEfficiency = try c.decode(.carnotEfficiency, default: 0.45, in: 0.1...0.9)
    }
}
