import DispatchControl
import EnergyDispatch
import Foundation
import Metering
import Synchronization
import VillageStore

/// Writes what each service last did to the store's `service_status` table, in the words
/// `village status` shows; the daemon and the demo record the same way. Recording is best effort:
/// a status that cannot be written must not stop the work it describes.
package final class ServiceStatusRecorder: Sendable {
    package let store: VillageStore
    /// The quarter hour and outcome of the last poll status written: the collector's status is
    /// written when either changes, not after every poll cycle (which commits its own transaction).
    private let lastPollWritten = Mutex<(quarter: Int64, failed: Bool)?>(nil)

    package init(store: VillageStore) { self.store = store }

    package func record(_ poll: PollSummary) async {
        let key = (quarter: poll.timestamp / store.configuration.intervalSeconds, failed: poll.failed > 0)
        let due = lastPollWritten.withLock { last in
            guard last.map({ $0.quarter != key.quarter || $0.failed != key.failed }) ?? true else { return false }
            last = key
            return true
        }
        guard due else { return }
        if poll.failed == 0 {
            try? await store.recordServiceSuccess(
                "collector", at: poll.timestamp, detail: "polled \(poll.polled) devices, all answered")
        } else {
            let first = poll.errors.sorted { $0.key < $1.key }.first.map { "\($0.key): \($0.value)" } ?? ""
            try? await store.recordServiceFailure(
                "collector", at: poll.timestamp, error: "\(poll.failed) of \(poll.polled) devices failed; \(first)")
        }
    }

    package func record(_ outcome: SettlementCatchUp.Outcome, closedUntil: Int64, at time: Int64) async {
        let until = Date(timeIntervalSince1970: TimeInterval(closedUntil)).formatted(.iso8601)
        try? await store.recordServiceSuccess(
            "settlement", at: time,
            detail:
                "settled \(outcome.settled), corrected \(outcome.corrected), without data \(outcome.withoutData) up to \(until)"
        )
    }

    package func recordSettlementFailure(_ error: any Error, at time: Int64) async {
        try? await store.recordServiceFailure("settlement", at: time, error: "\(error)")
    }

    package func record(_ step: DispatchStepReport) async {
        if let failure = step.failure {
            try? await store.recordServiceFailure("dispatch", at: step.at, error: failure)
        } else {
            try? await store.recordServiceSuccess(
                "dispatch", at: step.at, detail: "battery \(step.setpoints.batteryPowerW) W, verified \(step.verified)")
        }
    }
}
