import Market
import MarketStore

/// The daemon's signer of ledger checkpoints: after each settlement batch that grew the ledger,
/// and at least once a day even when nothing was settled, so that households and auditors always
/// find a recent signed tree head to keep.
package struct LedgerCheckpointer: Sendable {
    package let ledger: SQLiteLedgerStore
    package let key: LedgerSigningKey
    /// The key file, for logs (never the key).
    package let keyPath: String
    /// Longest time between two checkpoints, platform seconds.
    package var maxAgeSeconds: Int64 = 86_400

    /// Reads the key at `keyPath`; a missing, malformed or world-readable key fails here, before
    /// the daemon starts.
    package init(ledger: SQLiteLedgerStore, keyPath: String) throws(LedgerKeyError) {
        self.ledger = ledger
        self.keyPath = keyPath
        key = try LedgerSigningKey(contentsOfFile: keyPath)
    }

    /// Signs a checkpoint when the ledger holds transactions the newest checkpoint does not cover,
    /// or when that checkpoint is `maxAgeSeconds` old; returns it, or nil when none was due.
    package func checkpointIfDue(now: Int64) throws -> LedgerCheckpoint? {
        let latest = try ledger.latestCheckpoint()
        let size = Int64(try ledger.transactionCount())
        if let latest, latest.treeSize == size, now - latest.time < maxAgeSeconds { return nil }
        return try ledger.makeCheckpoint(key: key, time: now)
    }
}
