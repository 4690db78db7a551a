import ConfigFiles

/// One side of the heat-storage tank in the basement machine room. Energy is counted relative to
/// the tank's empty (return) temperature, so 0 kWh means no usable heat or cold is left.
public struct ThermalTank: Sendable, Hashable, Codable {
    /// Usable thermal capacity.
    public var capacityKWh: Double
    /// Supply temperature: 55 °C for the hot side, 7 °C for the cold side. Sets the heat pumps' COP.
    public var supplyTemperatureC: Double
    /// Heat lost (or gained, for the cold side) through the insulation, percent of stored energy per hour.
    public var standingLossPctPerHour: Double
    public var initialChargePct: Double

    public init(
        capacityKWh: Double, supplyTemperatureC: Double, standingLossPctPerHour: Double = 0.5,
        initialChargePct: Double = 50
    ) {
        self.capacityKWh = capacityKWh
        self.supplyTemperatureC = supplyTemperatureC
        self.standingLossPctPerHour = standingLossPctPerHour
        self.initialChargePct = initialChargePct
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case capacityKWh, supplyTemperatureC, standingLossPctPerHour, initialChargePct
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        capacityKWh = try c.decode(.capacityKWh, in: 0.001...10_000_000)
        supplyTemperatureC = try c.decode(.supplyTemperatureC, in: 0...95)
        standingLossPctPerHour = try c.decode(.standingLossPctPerHour, default: 0.5, in: 0...20)
        initialChargePct = try c.decode(.initialChargePct, default: 50, in: 0...100)
    }
}
