/// How one service of the running platform last did (`village status` reads these).
public struct ServiceStatus: Sendable, Hashable, Codable {
    /// `collector`, `settlement`, `dispatch`.
    public var service: String
    /// Platform time (UTC Unix seconds) of its last run, successful or not.
    public var lastRun: Int64
    public var lastSuccess: Int64?
    /// The last failure and when it happened; kept after later successes, so an operator sees it.
    public var lastError: String?
    public var lastErrorAt: Int64?
    /// What the service last did, in a few words ("settled up to 09:45").
    public var detail: String?

    public init(
        service: String, lastRun: Int64, lastSuccess: Int64? = nil, lastError: String? = nil,
        lastErrorAt: Int64? = nil, detail: String? = nil
    ) {
        self.service = service
        self.lastRun = lastRun
        self.lastSuccess = lastSuccess
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.detail = detail
    }
}
