/// Whether a device is currently answering, as decided by the collector.
public enum DeviceState: String, Sendable, Hashable, Codable, CaseIterable {
    case unknown
    case online
    case offline
}

/// The collector's latest knowledge of one device: what the `village devices` table shows.
public struct DeviceHealth: Sendable, Hashable, Codable {
    public var deviceId: String
    public var state: DeviceState
    /// UTC Unix seconds of the last successful poll, nil if never.
    public var lastSuccess: Int64?
    /// UTC Unix seconds of the last poll attempt, nil if never.
    public var lastAttempt: Int64?
    /// Failures since the last success.
    public var consecutiveFailures: Int64
    /// Total failures by kind (e.g. `timeout`, `crc`, `exception`, `connection`) since registration.
    public var errorCounts: [String: Int64]
    /// The message of the most recent failure, for a person.
    public var lastError: String?

    public init(
        deviceId: String, state: DeviceState = .unknown, lastSuccess: Int64? = nil, lastAttempt: Int64? = nil,
        consecutiveFailures: Int64 = 0, errorCounts: [String: Int64] = [:], lastError: String? = nil
    ) {
        self.deviceId = deviceId
        self.state = state
        self.lastSuccess = lastSuccess
        self.lastAttempt = lastAttempt
        self.consecutiveFailures = consecutiveFailures
        self.errorCounts = errorCounts
        self.lastError = lastError
    }
}

/// The outcome of one poll of one device, to be folded into its health.
public struct HealthUpdate: Sendable, Hashable, Codable {
    public enum Outcome: Sendable, Hashable, Codable {
        case success
        /// `kind` is a short stable word (`timeout`, `crc`, ...); `message` is for a person.
        case failure(kind: String, message: String)
    }

    public var deviceId: String
    /// UTC Unix seconds of the poll.
    public var timestamp: Int64
    public var outcome: Outcome
    /// The state the collector now assigns, or nil to leave it unchanged. A change to `online` or
    /// `offline` also records the matching device event.
    public var state: DeviceState?

    public init(deviceId: String, timestamp: Int64, outcome: Outcome, state: DeviceState? = nil) {
        self.deviceId = deviceId
        self.timestamp = timestamp
        self.outcome = outcome
        self.state = state
    }
}
