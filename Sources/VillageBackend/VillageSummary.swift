/// One village as `GET /api/v1/villages` shows it.
package struct VillageSummary: Codable, Sendable, Equatable {
    package struct Checkpoint: Codable, Sendable, Equatable {
        package var treeSize: Int64
        /// base64 SHA-256
        package var rootHash: String
        /// UTC Unix seconds when the village signed it.
        package var signedAt: Int64
    }
    package var name: String
    package var lastBatchNumber: Int64?
    /// UTC Unix seconds when its last batch was applied.
    package var lastBatchAt: Int64?
    /// Seconds since then; nil before the first batch.
    package var lagSeconds: Int64?
    /// Start of its newest interval, UTC Unix seconds.
    package var newestIntervalStart: Int64?
    package var ledgerSize: Int64
    /// The largest checkpoint verified and stored.
    package var lastVerifiedCheckpoint: Checkpoint?
}

/// One household's month from its ledger postings.
package struct HouseholdMonthBalance: Codable, Sendable, Equatable {
    package var village: String
    package var household: String
    /// `YYYY-MM` in the village's time zone.
    package var month: String
    /// Money received minus paid, milli-won (negative: the household owes).
    package var balanceMilliWon: Int64
    /// Energy received from neighbours and the grid, Wh.
    package var receivedWh: Int64
    /// Energy given to neighbours and the grid, Wh.
    package var deliveredWh: Int64
}
