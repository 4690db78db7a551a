import ConfigFiles

/// A PV array and the inverter behind it. Azimuth counts clockwise from north (180 = south), tilt
/// from horizontal (90 = a wall), so a south-facing roof in Busan is `tiltDeg: 25, azimuthDeg: 180`.
public struct PVGenerator: Sendable, Hashable, Codable {
    /// Nameplate DC power under standard test conditions.
    public var peakPowerKWp: Double
    public var tiltDeg: Double
    public var azimuthDeg: Double
    /// AC rating of the inverter; output above it is clipped. Defaults to kWp / 1.15, a usual
    /// DC/AC ratio that clips a few clear-sky noons a year.
    public var inverterACPowerKW: Double

    public init(
        peakPowerKWp: Double, tiltDeg: Double = 25, azimuthDeg: Double = 180,
        inverterACPowerKW: Double? = nil
    ) {
        self.peakPowerKWp = peakPowerKWp
        self.tiltDeg = tiltDeg
        self.azimuthDeg = azimuthDeg
        self.inverterACPowerKW = inverterACPowerKW ?? Self.defaultACPower(peakPowerKWp)
    }

    static func defaultACPower(_ peakPowerKWp: Double) -> Double {
        (peakPowerKWp / 1.15 * 10).rounded() / 10
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case peakPowerKWp, tiltDeg, azimuthDeg, inverterACPowerKW
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        peakPowerKWp = try container.decode(.peakPowerKWp, in: 0...100_000)
        tiltDeg = try container.decode(.tiltDeg, default: 25, in: 0...90)
        azimuthDeg = try container.decode(.azimuthDeg, default: 180, in: 0...360)
        inverterACPowerKW = try container.decode(
            .inverterACPowerKW, default: Self.defaultACPower(peakPowerKWp), in: 0...100_000)
    }
}
