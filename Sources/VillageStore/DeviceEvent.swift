/// Something that happened to a device that a reader of its data must know about.
///
/// An event is identified by (device, timestamp, kind, channel): recording it twice, for instance
/// when a restarted collector replays readings, stores it once.
public struct DeviceEvent: Sendable, Hashable, Codable {
    public var deviceId: String
    /// UTC Unix seconds.
    public var timestamp: Int64
    public var kind: DeviceEventKind
    /// The channel concerned, or nil for events of the whole device.
    public var channel: MeteringChannel?
    /// What exactly happened, for a person (values, reason).
    public var detail: String

    public init(
        deviceId: String, timestamp: Int64, kind: DeviceEventKind, channel: MeteringChannel? = nil, detail: String = ""
    ) {
        self.deviceId = deviceId
        self.timestamp = timestamp
        self.kind = kind
        self.channel = channel
        self.detail = detail
    }
}

/// The kinds of device event the platform records.
public enum DeviceEventKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The device stopped answering.
    case offline
    /// The device answers again.
    case online
    /// A counter went back (or jumped forward, confirmed) in a way that is not a wrap: a new baseline.
    case counterReset = "counter-reset"
    /// A value was read but not used (implausible jump, out-of-order timestamp).
    case rejectedValue = "rejected-value"
}
