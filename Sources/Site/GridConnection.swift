import ConfigFiles

/// The village's single connection to the public grid, metered by a SunSpec meter.
public struct GridConnection: Sendable, Hashable, Codable {
    /// Id of the `sunspec-meter` device at the connection point.
    public var meter: String
    /// Contracted import limit; the ground truth flags intervals that exceed it.
    public var importLimitKW: Double
    /// Export limit agreed with the grid operator.
    public var exportLimitKW: Double

    public init(meter: String, importLimitKW: Double = 500, exportLimitKW: Double = 500) {
        self.meter = meter
        self.importLimitKW = importLimitKW
        self.exportLimitKW = exportLimitKW
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case meter, importLimitKW, exportLimitKW
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        meter = try c.decode(String.self, forKey: .meter)
        importLimitKW = try c.decode(.importLimitKW, default: 500, in: 0...1_000_000)
        exportLimitKW = try c.decode(.exportLimitKW, default: 500, in: 0...1_000_000)
    }
}
