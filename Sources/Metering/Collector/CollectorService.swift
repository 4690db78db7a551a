import ServiceLifecycle
import ServiceSupport
import VillageCore

/// The collector as a long-running service: polls on `clock` until graceful shutdown, then closes
/// its connections. The poll cycle in progress finishes its single commit first.
///
/// Each cycle's commit overlaps the next cycle's reads; `onPoll` hears of a cycle once its commit
/// has landed, so what it is told is always in the database.
package struct CollectorService<C: Clock>: Service where C.Duration == Duration {
    package let collector: MeteringCollector
    package let clock: C
    package let tick: Duration
    package let now: @Sendable () -> Int64
    /// Told about every poll cycle (for the platform's status table).
    package let onPoll: @Sendable (PollSummary) async -> Void

    package init(
        collector: MeteringCollector, clock: C, tick: Duration = .seconds(1), now: @escaping @Sendable () -> Int64,
        onPoll: @escaping @Sendable (PollSummary) async -> Void = { _ in }
    ) {
        self.collector = collector
        self.clock = clock
        self.tick = tick
        self.now = now
        self.onPoll = onPoll
    }

    package func run() async throws {
        // Graceful shutdown ends the loop between two polls, so a poll cycle in progress finishes
        // its commit; cancellation ends it too, usually in that wait: both are normal ends.
        var uncommitted: PollSummary?
        var failure: (any Error)?
        do {
            try await prepareAndPoll(uncommitted: &uncommitted)
        } catch is CancellationError {
        } catch {
            failure = error
        }
        do {
            // The last cycle's commit lands before the connections close.
            try await collector.waitForCommit()
            if failure == nil, let uncommitted { await onPoll(uncommitted) }
        } catch {
            failure = failure ?? error
        }
        await collector.shutdown()
        if let failure { throw failure }
    }

    /// `uncommitted` is the last cycle polled, which `onPoll` hears of once a later call to the
    /// collector has seen its commit land.
    private func prepareAndPoll(uncommitted: inout PollSummary?) async throws {
        try await collector.prepare()
        var retentionDay: Int64?
        try await forEachTick(every: tick, clock: clock) { _ in
            let at = now()
            // Raw readings past their retention go once a day (the first time at start), so a
            // long-running collector does not grow its database without bound.
            if retentionDay != at / TimeGrid.daySeconds {
                try await collector.applyRetention(now: at)
                retentionDay = at / TimeGrid.daySeconds
            }
            let summary = try await collector.pollOverlappingCommit(at: at)
            // Every earlier cycle has committed now.
            if let committed = uncommitted { await onPoll(committed) }
            uncommitted = summary.polled > 0 ? summary : nil
        }
    }
}
