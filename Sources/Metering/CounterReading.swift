/// One read of a cumulative counter register: the raw count, before scaling.
///
/// The raw count (not base units) is what wraps at the register width, so the counter logic needs it.
public struct CounterReading: Sendable, Hashable, Codable {
    /// UTC Unix seconds.
    public var timestamp: Int64
    /// The register value.
    public var count: UInt64

    public init(timestamp: Int64, count: UInt64) {
        self.timestamp = timestamp
        self.count = count
    }
}
