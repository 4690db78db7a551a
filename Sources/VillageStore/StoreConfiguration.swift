import VillageCore

/// Settings of a store, with a default for every field.
public struct StoreConfiguration: Sendable, Hashable, Codable {
    /// How long raw readings are kept by `pruneExpiredReadings(now:)`; intervals are kept forever.
    public var rawRetentionSeconds: Int64
    /// Settlement interval length; interval starts must be multiples of it (UTC quarter hours are
    /// also Asia/Seoul quarter hours, since +9 h is a whole number of quarter hours).
    public var intervalSeconds: Int64
    /// `true` syncs the WAL on every commit (survives power loss); `false` (SQLite `NORMAL`) survives
    /// a killed process but may lose the last commits on power loss, and is much faster.
    public var syncEveryCommit: Bool
    /// How long a writer waits for another process holding the write lock before failing.
    public var busyTimeoutSeconds: Double

    public init(
        rawRetentionSeconds: Int64 = 90 * TimeGrid.daySeconds, intervalSeconds: Int64 = TimeGrid.quarterHourSeconds,
        syncEveryCommit: Bool = false,
        busyTimeoutSeconds: Double = 5
    ) {
        self.rawRetentionSeconds = rawRetentionSeconds
        self.intervalSeconds = intervalSeconds
        self.syncEveryCommit = syncEveryCommit
        self.busyTimeoutSeconds = busyTimeoutSeconds
    }
}
