import Logging
import Market
import MarketStore
import ServiceLifecycle
import ServiceSupport
import VillageCore
import VillageStore

/// The market settlement as a long-running service: on start it settles every closed interval the
/// ledger does not hold yet, in order; then, each time the collector's commits close another
/// interval, it settles that one (and re-reads recent ones for late meter data). An interval is
/// closed once a poll at least `settleDelaySeconds` after its end has been committed.
package struct SettlementService<C: Clock>: Service where C.Duration == Duration {
    package let catchUp: SettlementCatchUp
    package let clock: C
    /// Time between looks at the store, on `clock`.
    package let tick: Duration
    /// Grace after an interval's end for the last meters of the poll cycle to be committed.
    package let settleDelaySeconds: Int64
    package let now: @Sendable () -> Int64
    /// Signs a ledger checkpoint in each settlement batch and at least daily, when the daemon has a key.
    package let checkpointer: LedgerCheckpointer?
    private let logger: Logger
    private let status: ServiceStatusRecorder

    package init(
        catchUp: SettlementCatchUp, clock: C, tick: Duration, settleDelaySeconds: Int64, logger: Logger,
        checkpointer: LedgerCheckpointer? = nil, now: @escaping @Sendable () -> Int64
    ) {
        var catchUp = catchUp
        if let checkpointer {
            // Each settlement batch signs its checkpoint inside its own SQLite transaction: no
            // second durable commit per interval. The checkpointer adds what no batch signed (the
            // daily checkpoint, price true-ups).
            catchUp.settlement.checkpointing = SettlementCheckpointing(key: checkpointer.key, now: now)
        }
        self.catchUp = catchUp
        self.checkpointer = checkpointer
        self.clock = clock
        self.tick = tick
        self.settleDelaySeconds = settleDelaySeconds
        self.logger = logger
        status = ServiceStatusRecorder(store: catchUp.settlement.store)
        self.now = now
    }

    package func run() async throws {
        // Graceful shutdown ends the loop between two looks: a settlement in progress (one SQLite
        // transaction per day) finishes first. Cancellation ends it too, usually in that wait: both
        // are normal ends.
        do {
            var settledUntil: Int64?
            var retryAfter = Int64.min
            var backoff: Int64 = 30
            try await forEachTick(every: tick, clock: clock) { _ in
                guard now() >= retryAfter else { return }
                switch await settleIfClosed(after: settledUntil) {
                case .success(let until):
                    settledUntil = until
                    backoff = 30
                case .failure:
                    // A failure that persists (a tariff without prices for the interval) is
                    // retried at growing intervals, up to a quarter hour, not at every look.
                    retryAfter = now() + backoff
                    backoff = min(backoff * 2, 900)
                }
            }
        } catch is CancellationError {}
    }

    /// One look: settles when an interval closed since `previous` (always on the first look), and
    /// returns how far the ledger is settled. Failures are logged and recorded.
    func settleIfClosed(after previous: Int64?) async -> Result<Int64?, any Error> {
        let store = catchUp.settlement.store
        do {
            guard let lastPoll = try await store.lastPollTimestamp() else { return .success(previous) }
            let interval = MeteredSettlement.intervalSeconds
            let closedUntil = floorDivide(lastPoll - settleDelaySeconds, interval) * interval
            if let previous, closedUntil <= previous { return .success(previous) }
            let outcome = try await catchUp.run(closedUntil: closedUntil)
            var metadata: Logger.Metadata = ["interval.end": "\(closedUntil)"]
            if outcome.settled + outcome.corrected + outcome.truedUp > 0 {
                metadata["settled"] = "\(outcome.settled)"
                metadata["corrected"] = "\(outcome.corrected)"
                metadata["trued_up"] = "\(outcome.truedUp)"
                logger.info("settled closed intervals", metadata: metadata)
            }
            if let failure = outcome.trueUpFailure {
                logger.error(
                    "true-up at the imported SMP failed; settling goes on, the true-up is retried",
                    metadata: ["error": "\(failure)"])
            }
            if outcome.conflicts > 0 {
                logger.warning(
                    "stored meter data disagree with what was settled", metadata: ["households": "\(outcome.conflicts)"]
                )
            }
            await status.record(outcome, closedUntil: closedUntil, at: now())
            if let checkpointer, let checkpoint = try checkpointer.checkpointIfDue(now: now()) {
                logger.info(
                    "signed a ledger checkpoint",
                    metadata: ["tree.size": "\(checkpoint.treeSize)", "key.file": "\(checkpointer.keyPath)"])
            }
            return .success(closedUntil)
        } catch {
            logger.error("settlement failed; retrying later", metadata: ["error": "\(error)"])
            await status.recordSettlementFailure(error, at: now())
            return .failure(error)
        }
    }
}
