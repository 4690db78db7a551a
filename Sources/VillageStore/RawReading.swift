/// One value read from one channel of one device at one instant, as stored before any processing.
public struct RawReading: Sendable, Hashable, Codable {
    public var deviceId: String
    public var channel: MeteringChannel
    /// UTC Unix seconds.
    public var timestamp: Int64
    public var value: ReadingValue
    public var quality: ReadingQuality

    public init(
        deviceId: String, channel: MeteringChannel, timestamp: Int64, value: ReadingValue,
        quality: ReadingQuality = .good
    ) {
        self.deviceId = deviceId
        self.channel = channel
        self.timestamp = timestamp
        self.value = value
        self.quality = quality
    }
}

/// A reading's value: a cumulative counter in the channel's base unit, or an instantaneous level.
///
/// Counters stay integers end to end (Wh, litres), so no rounding enters bills; only instantaneous
/// quantities (power, temperature) are floating point.
public enum ReadingValue: Sendable, Hashable, Codable {
    /// A counter or other integer quantity in the channel's base unit.
    case integer(Int64)
    /// An instantaneous value (kW, °C, ...).
    case real(Double)
}

/// What the collector or the counter logic concluded about a raw reading.
public enum ReadingQuality: Int, Sendable, Hashable, Codable, CaseIterable {
    /// Read and accepted.
    case good = 0
    /// Read, but rejected by the counter logic (implausible jump, out of order); kept for audit.
    case rejected = 1
    /// Read, but flagged by the device itself as unreliable.
    case uncertain = 2
}
