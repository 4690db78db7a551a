import Foundation
import VillageUplink

/// Where the uplink stands: the `uplink_state` row.
package struct UplinkState: Sendable, Equatable {
    /// The village's name towards the backend.
    package var village: String
    /// When the uplink was enabled (UTC Unix seconds).
    package var enabledAt: Int64
    /// The number the next new batch gets.
    package var nextBatch: Int64
    /// How many ledger transactions the backend said it holds.
    package var ledgerAcknowledged: Int64
    /// Row id of the last ledger checkpoint the backend acknowledged (0: none).
    package var checkpointAcknowledged: Int64
    package var lastAcknowledgedBatch: Int64?
    package var lastAcknowledgedAt: Int64?
    package var lastAttemptAt: Int64?
    package var lastError: String?
    package var lastErrorAt: Int64?
    /// The start of the next day of intervals stored before enabling to put in the outbox, up to
    /// `historyEnd`; nil once all are in.
    package var historyNext: Int64?
    package var historyEnd: Int64?
}

/// A batch taken from the outbox and not acknowledged yet: the bytes sent, and what an
/// acknowledgement of it settles.
package struct InFlightBatch: Sendable, Equatable {
    package var number: Int64
    /// The gzip-compressed JSON of the ``UplinkBatch``, sent byte for byte again until acknowledged.
    package var body: [UInt8]
    package var intervals: Int
    package var events: Int
    package var ledger: Int
    package var checkpoints: Int
    /// The highest interval outbox revision it carries (0: none): every outbox row up to it is in it.
    package var intervalsThrough: Int64
    /// The highest event outbox revision it carries (0: none).
    package var eventsThrough: Int64
    /// The ledger size at the backend once it is applied.
    package var ledgerEnd: Int64
    /// Row id of the last checkpoint it carries (the previous cursor when none).
    package var checkpointsThrough: Int64
    package var assembledAt: Int64

    /// The batch as sent (for tests and diagnostics).
    package func decoded() throws -> UplinkBatch {
        try UplinkProtocol.decoder().decode(UplinkBatch.self, from: Data(Gzip.decompress(body)))
    }
}
