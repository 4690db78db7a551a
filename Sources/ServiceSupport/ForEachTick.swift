import ServiceLifecycle

/// Runs `body` at every tick of `clock` (the first at `start`, at once by default, then every
/// `interval`) until graceful shutdown begins or the task is cancelled.
///
/// This is the loop of every long-running service. Graceful shutdown only ends the wait between
/// ticks: a `body` in progress is not cancelled and finishes (a poll's commit, a control step), and
/// then the loop returns, so the service can still close down in order. Task cancellation ends the
/// loop too, by returning or by throwing the clock's `CancellationError`; errors from `body` and
/// the clock's other errors are rethrown.
///
/// - Parameters:
///   - interval: Time between ticks on `clock`.
///   - start: The first tick; in the past, the latest tick due is the first (see ``PeriodicTicks``).
///   - clock: The clock to tick on; tests inject one that they move by hand.
///   - body: The work of one tick, given the tick's scheduled instant.
package func forEachTick<C: Clock>(
    isolation: isolated (any Actor)? = #isolation,
    every interval: C.Duration, from start: C.Instant? = nil, clock: C,
    _ body: (C.Instant) async throws -> Void
) async throws {
    var ticks = PeriodicTicks(every: interval, from: start, clock: clock).cancelOnGracefulShutdown().makeAsyncIterator()
    // Shutdown is checked before each wait and after it, not only through the sequence: a tick
    // that is already due can win the race with the shutdown signal, and once shutdown has begun
    // no new work may start.
    while !Task.isShuttingDownGracefully, let tick = try await ticks.next(isolation: isolation),
        !Task.isShuttingDownGracefully
    {
        try await body(tick)
    }
}
