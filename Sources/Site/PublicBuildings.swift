import ConfigFiles

/// Electricity used by the platform centre and the community centre (offices, machine room
/// auxiliaries, lighting). It is not residential consumption, but the grid meter sees it.
public struct PublicBuildings: Sendable, Hashable, Codable {
    /// Mean electric load over a year; the simulator shapes it to office hours.
    public var averagePowerKW: Double

    public init(averagePowerKW: Double = 25) {
        self.averagePowerKW = averagePowerKW
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case averagePowerKW
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        averagePowerKW = try c.decode(.averagePowerKW, default: 25, in: 0...1_000_000)
    }
}
