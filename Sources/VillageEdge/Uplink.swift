import Foundation
import Logging
import VillageStore
import VillageUplink

/// One village's uplink: takes batches from the outbox, sends them and settles the answers.
///
/// At least once and in order: a batch stays in flight, and is sent again unchanged, until the
/// backend acknowledges it; the next batch is only assembled after that. The village's other
/// work never waits for this: it only reads the database, and writes one short transaction per
/// answer.
package struct Uplink: Sendable {
    package let outbox: UplinkOutbox
    package let client: UplinkClient
    package let limits: UplinkLimits
    let logger: Logger
    /// Wall-clock time (UTC Unix seconds) of attempts and acknowledgements.
    let now: @Sendable () -> Int64

    package init(
        store: VillageStore, client: UplinkClient, limits: UplinkLimits = .standard, logger: Logger,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.outbox = UplinkOutbox(store: store)
        self.client = client
        self.limits = limits
        self.logger = logger
        self.now = now
    }

    /// What one step did.
    package enum Step: Sendable, Equatable {
        /// Nothing is pending.
        case idle
        /// The backend acknowledged the batch (`duplicate`: it had applied it before).
        case acknowledged(batch: Int64, duplicate: Bool, intervals: Int, events: Int, ledger: Int, checkpoints: Int)
        /// The backend holds a different ledger size; the next batch continues from it.
        case resumed(ledgerSize: Int64)
        /// The backend had other content under the batch's number (this edge was re-installed):
        /// batches go on from `nextBatch`, the ledger from `ledgerSize`.
        case renumbered(nextBatch: Int64, ledgerSize: Int64)
    }

    /// Enables the uplink (once per database) and returns the village's name.
    @discardableResult
    package func enable() async throws(UplinkError) -> String {
        try await outbox.enable(at: now()).village
    }

    /// Sends the batch in flight or the next one and settles the answer. A failure is recorded in
    /// the database (for `village status`) and thrown; the batch stays in flight.
    package func step() async throws(UplinkError) -> Step {
        guard let state = try await outbox.state() else {
            throw UplinkError.configuration("\(outbox.store.path): the uplink is not enabled")
        }
        guard let batch = try await outbox.nextBatch(limits: limits, at: now()) else { return .idle }
        do {
            switch try await client.send(batch, village: state.village) {
            case .acknowledged(let answer):
                try await outbox.acknowledge(batch, answer: answer, at: now())
                logger.info(
                    "uplink: batch acknowledged",
                    metadata: [
                        "batch": "\(batch.number)", "duplicate": "\(answer.duplicate)",
                        "intervals": "\(batch.intervals)",
                        "events": "\(batch.events)", "ledger": "\(batch.ledger)", "checkpoints": "\(batch.checkpoints)",
                    ])
                return .acknowledged(
                    batch: batch.number, duplicate: answer.duplicate, intervals: batch.intervals, events: batch.events,
                    ledger: batch.ledger, checkpoints: batch.checkpoints)
            case .conflict(let size, let message):
                let text =
                    "batch \(batch.number) does not continue the backend's ledger, which holds \(size) "
                    + "transactions; resuming from there\(message.isEmpty ? "" : " (\(message))")"
                try await outbox.resume(batch, fromLedgerSize: size, at: now(), error: text)
                logger.notice("uplink: \(text)")
                return .resumed(ledgerSize: size)
            case .batchNumberTaken(let next, let size, let revision, let message):
                let text =
                    "the backend applied other content as batch \(batch.number) before (a re-installed "
                    + "edge); numbering from batch \(next), ledger from \(size) transactions"
                    + (message.isEmpty ? "" : " (\(message))")
                try await outbox.renumber(
                    batch, nextBatch: next, ledgerSize: size, intervalRevision: revision, at: now(), error: text)
                logger.notice("uplink: \(text)")
                return .renumbered(nextBatch: next, ledgerSize: size)
            }
        } catch {
            try? await outbox.recordFailure("batch \(batch.number): \(error)", at: now())
            throw error
        }
    }

    /// Sends batches until nothing is pending, or `maximumSteps` batches were answered; returns the
    /// steps. Stops at the first failure, and when the task is cancelled.
    package func drain(
        maximumSteps: Int = .max, onStep: (Step) -> Void = { _ in }
    ) async throws(UplinkError) -> [Step] {
        var steps: [Step] = []
        while steps.count < maximumSteps {
            guard !Task.isCancelled else { throw UplinkError.transport("cancelled") }
            let step = try await step()
            guard step != .idle else { return steps }
            steps.append(step)
            onStep(step)
        }
        return steps
    }
}
