import ConfigFiles

/// PV on a shared building (smart corridors, platform centre, community centre). Arrays on
/// residential buildings count towards the residential energy independence rate; arrays on public
/// buildings do not.
public struct SharedPVArray: Sendable, Hashable, Codable {
    /// Which energy balance the array belongs to.
    public enum BuildingUse: String, Sendable, Hashable, Codable {
        case residential
        case `public`
    }

    public var id: String
    public var building: BuildingUse
    /// Id of the `sunspec-inverter` device that reports this array.
    public var inverter: String
    public var generator: PVGenerator

    public init(id: String, building: BuildingUse, inverter: String, generator: PVGenerator) {
        self.id = id
        self.building = building
        self.inverter = inverter
        self.generator = generator
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, building, inverter, peakPowerKWp, tiltDeg, azimuthDeg, inverterACPowerKW
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        building = try c.decode(BuildingUse.self, forKey: .building)
        inverter = try c.decode(String.self, forKey: .inverter)
        let peak = try c.decode(.peakPowerKWp, in: 0...100_000)
        generator = PVGenerator(
            peakPowerKWp: peak,
            tiltDeg: try c.decode(.tiltDeg, default: 25, in: 0...90),
            azimuthDeg: try c.decode(.azimuthDeg, default: 180, in: 0...360),
            inverterACPowerKW: try c.decode(
                .inverterACPowerKW, default: PVGenerator.defaultACPower(peak),
                in: 0...100_000)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(building, forKey: .building)
        try c.encode(inverter, forKey: .inverter)
        try c.encode(generator.peakPowerKWp, forKey: .peakPowerKWp)
        try c.encode(generator.tiltDeg, forKey: .tiltDeg)
        try c.encode(generator.azimuthDeg, forKey: .azimuthDeg)
        try c.encode(generator.inverterACPowerKW, forKey: .inverterACPowerKW)
    }
}
