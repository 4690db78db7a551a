/// One read of a cumulative counter register: the raw count, before scaling.
///
/// The raw count (not base units) is what wraps at the register width, so the counter logic needs it.
package struct CounterReading: Sendable, Hashable, Codable {
    /// UTC Unix seconds.
    package var timestamp: Int64
    /// The register value.
    package var count: UInt64

    package init(timestamp: Int64, count: UInt64) {
        self.timestamp = timestamp
        self.count = count
    }
}
