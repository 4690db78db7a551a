import ServiceLifecycle
import ServiceSupport
import VillageCore

/// The collector as a long-running service: polls on `clock` until graceful shutdown, then closes
/// its connections. The poll cycle in progress finishes its single commit first.
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
        do {
            try await prepareAndPoll()
        } catch is CancellationError {}
        await collector.shutdown()
    }

    private func prepareAndPoll() async throws {
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
            let summary = try await collector.poll(at: at)
            if summary.polled > 0 { await onPoll(summary) }
        }
    }
}
