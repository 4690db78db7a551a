import ServiceLifecycle

/// The collector as a long-running service: polls on `clock` until graceful shutdown, then closes
/// its connections. The poll cycle in progress finishes its single commit first.
public struct CollectorService<C: Clock>: Service where C.Duration == Duration {
    public let collector: MeteringCollector
    public let clock: C
    public let tick: Duration
    public let now: @Sendable () -> Int64

    public init(collector: MeteringCollector, clock: C, tick: Duration = .seconds(1), now: @escaping @Sendable () -> Int64) {
        self.collector = collector
        self.clock = clock
        self.tick = tick
        self.now = now
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown { try await prepareAndPoll() }
        await collector.shutdown()
    }

    private func prepareAndPoll() async throws {
        try await collector.prepare()
        while !Task.isCancelled {
            try await collector.poll(at: now())
            try await clock.sleep(for: tick)
        }
    }
}
