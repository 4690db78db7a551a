/// What one poll cycle did, for logs, progress and tests.
public struct PollSummary: Sendable, Hashable {
    public var timestamp: Int64
    public var polled = 0
    public var succeeded = 0
    public var failed = 0
    public var readings = 0
    public var intervals = 0
    public var events = 0
    /// Errors by device, in device order.
    public var errors: [String: String] = [:]
}
