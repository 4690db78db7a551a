/// The uplink as `village status` shows it: what waits for the backend, and the last outcomes.
package struct UplinkReport: Sendable, Equatable, Encodable {
    package var village: String
    /// Intervals written or rewritten that the backend has not acknowledged.
    package var pendingIntervals: Int64
    package var pendingEvents: Int64
    package var pendingLedgerTransactions: Int64
    package var pendingCheckpoints: Int64
    /// The number of the batch sent and not acknowledged yet.
    package var batchInFlight: Int64?
    package var lastAcknowledgedBatch: Int64?
    /// UTC Unix seconds.
    package var lastAcknowledgedAt: Int64?
    package var lastAttemptAt: Int64?
    package var lastError: String?
    package var lastErrorAt: Int64?
}
