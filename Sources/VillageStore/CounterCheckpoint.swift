import Foundation

/// The saved state of the counter-to-interval logic for one device channel.
///
/// The store keeps it opaque (the `Metering` module owns its format); it is written in the same
/// transaction as the intervals it produced, so that after a crash the state and the intervals
/// always agree and a restarted collector neither loses nor double-counts energy.
public struct CounterCheckpoint: Sendable, Hashable, Codable {
    public var deviceId: String
    public var channel: MeteringChannel
    /// UTC Unix seconds of the last reading the state has consumed.
    public var lastTimestamp: Int64
    /// The encoded state.
    public var state: Data

    public init(deviceId: String, channel: MeteringChannel, lastTimestamp: Int64, state: Data) {
        self.deviceId = deviceId
        self.channel = channel
        self.lastTimestamp = lastTimestamp
        self.state = state
    }
}
