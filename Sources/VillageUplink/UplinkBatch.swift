import Market
import VillageStore

/// One upload from a village (the edge) to the city backend: what the village recorded since the
/// last batch the backend acknowledged.
///
/// Delivery is at least once: the edge resends a batch until it is acknowledged, so the backend
/// must give every part of a batch an exactly-once effect. Each part carries the key that makes a
/// resend harmless: intervals their (owner, channel, start) and a revision, events their
/// (device, timestamp, kind, channel), ledger transactions their sequence, checkpoints their size.
package struct UplinkBatch: Codable, Sendable, Equatable {
    /// The village's name at the backend: its site id as one word (letters, digits, `.`, `_`, `-`).
    /// Not the ledger's checkpoint origin (`village-ledger/<site>`), which the signatures cover.
    package var village: String
    /// The edge's number for this batch, increasing by one per acknowledged batch.
    package var batchNumber: Int64
    /// Intervals written or rewritten since the last batch, each with its edge revision.
    package var intervals: [UplinkInterval]
    package var events: [DeviceEvent]
    /// Consecutive ledger transactions, in sequence order, continuing the backend's copy.
    package var ledger: [LedgerTransaction]
    /// Signed checkpoints of the village ledger made since the last batch, by tree size.
    package var checkpoints: [LedgerCheckpoint]

    package init(
        village: String, batchNumber: Int64, intervals: [UplinkInterval] = [], events: [DeviceEvent] = [],
        ledger: [LedgerTransaction] = [], checkpoints: [LedgerCheckpoint] = []
    ) {
        self.village = village
        self.batchNumber = batchNumber
        self.intervals = intervals
        self.events = events
        self.ledger = ledger
        self.checkpoints = checkpoints
    }

    /// Whether the batch carries nothing (the edge does not send these).
    package var isEmpty: Bool { intervals.isEmpty && events.isEmpty && ledger.isEmpty && checkpoints.isEmpty }
}
