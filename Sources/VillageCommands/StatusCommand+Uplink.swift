import VillageEdge
import VillageStore

extension StatusCommand {
    /// The uplink to the city backend, when it was ever enabled.
    struct Uplink: Encodable {
        var village: String
        var pendingIntervals: Int64
        var pendingEvents: Int64
        var pendingLedgerTransactions: Int64
        var pendingCheckpoints: Int64
        var batchInFlight: Int64?
        var lastAcknowledgedBatch: Int64?
        var lastAcknowledgedAt: String?
        var lastAttemptAt: String?
        var lastError: String?
        var lastErrorAt: String?

        static func read(_ store: VillageStore) async throws -> Uplink? {
            guard let report = try await UplinkOutbox(store: store).report() else { return nil }
            return Uplink(
                village: report.village, pendingIntervals: report.pendingIntervals,
                pendingEvents: report.pendingEvents, pendingLedgerTransactions: report.pendingLedgerTransactions,
                pendingCheckpoints: report.pendingCheckpoints, batchInFlight: report.batchInFlight,
                lastAcknowledgedBatch: report.lastAcknowledgedBatch,
                lastAcknowledgedAt: report.lastAcknowledgedAt.map(LocalTime.format),
                lastAttemptAt: report.lastAttemptAt.map(LocalTime.format), lastError: report.lastError,
                lastErrorAt: report.lastErrorAt.map(LocalTime.format))
        }

        /// The lines `village status` prints.
        var lines: [String] {
            var lines = [
                "uplink                  village \(village): \(pendingIntervals) intervals, \(pendingEvents) events, "
                    + "\(pendingLedgerTransactions) ledger transactions, \(pendingCheckpoints) checkpoints pending"
                    + (batchInFlight.map { "; batch \($0) in flight" } ?? ""),
                "  last acknowledged     "
                    + (lastAcknowledgedBatch.map { "batch \($0) at \(lastAcknowledgedAt ?? "?")" } ?? "none yet"),
            ]
            if let lastError { lines.append("  last error            \(lastErrorAt ?? "?"): \(lastError)") }
            return lines
        }
    }
}
