import ConfigFiles

/// The central heat plant: heat pumps charging a hot and a cold water tank that supply the homes'
/// fan-coil units, heating and hot water from the hot side, cooling from the cold side.
public struct HeatPlant: Sendable, Hashable, Codable {
    public var heatPumps: [HeatPump]
    public var hotTank: ThermalTank
    public var coldTank: ThermalTank
    /// Id of the `heat-pump` device that reports both tanks' stored energy and temperatures.
    public var tankSensor: String
    /// Local hour at which cheap night electricity starts; the default controller charges the tanks
    /// from here until `nightChargeEndHour` when no setpoints arrive.
    public var nightChargeStartHour: Int
    public var nightChargeEndHour: Int
    /// Below this charge (percent) the default controller also runs the heat pumps by day, so that
    /// comfort holds on a cold day.
    public var reserveChargePct: Double

    public init(
        heatPumps: [HeatPump], hotTank: ThermalTank, coldTank: ThermalTank, tankSensor: String,
        nightChargeStartHour: Int = 22, nightChargeEndHour: Int = 8, reserveChargePct: Double = 15
    ) {
        self.heatPumps = heatPumps
        self.hotTank = hotTank
        self.coldTank = coldTank
        self.tankSensor = tankSensor
        self.nightChargeStartHour = nightChargeStartHour
        self.nightChargeEndHour = nightChargeEndHour
        self.reserveChargePct = reserveChargePct
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case heatPumps, hotTank, coldTank, tankSensor, nightChargeStartHour, nightChargeEndHour
        case reserveChargePct
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        heatPumps = try c.decode([HeatPump].self, forKey: .heatPumps)
        hotTank = try c.decode(ThermalTank.self, forKey: .hotTank)
        coldTank = try c.decode(ThermalTank.self, forKey: .coldTank)
        tankSensor = try c.decode(String.self, forKey: .tankSensor)
        nightChargeStartHour = try c.decode(.nightChargeStartHour, default: 22, in: 0...23)
        nightChargeEndHour = try c.decode(.nightChargeEndHour, default: 8, in: 0...23)
        reserveChargePct = try c.decode(.reserveChargePct, default: 15, in: 0...100)
    }
}
