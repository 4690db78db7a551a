import ServiceLifecycle
import ServiceLifecycleTestKit
import ServiceSupport
import Synchronization
import Testing

@Suite struct ForEachTickTests {
    /// Ticks at once and then once per interval of the injected clock, and returns (not throws) when
    /// graceful shutdown begins, without another tick.
    @Test func ticksOnTheInjectedClockUntilGracefulShutdown() async throws {
        let clock = StepClock()
        let ticks = Mutex<[Duration]>([])
        try await testGracefulShutdown { trigger in
            try await forEachTick(every: .seconds(5), clock: clock) { tick in
                let count = ticks.withLock {
                    $0.append(tick.offset)
                    return $0.count
                }
                if count == 4 { trigger.triggerGracefulShutdown() }
            }
        }
        #expect(ticks.withLock { $0 } == [.zero, .seconds(5), .seconds(10), .seconds(15)])
        // The first tick did not wait; each later one slept until its deadline.
        #expect(clock.sleeps == [.seconds(5), .seconds(10), .seconds(15)])
    }

    /// Graceful shutdown during a tick's work lets that work finish uncancelled, then ends the loop.
    @Test func workInProgressFinishesOnGracefulShutdown() async throws {
        let clock = StepClock()
        let finished = Mutex<[Bool]>([])
        try await testGracefulShutdown { trigger in
            try await forEachTick(every: .seconds(1), clock: clock) { _ in
                trigger.triggerGracefulShutdown()
                await Task.yield()
                finished.withLock { $0.append(!Task.isCancelled) }
            }
        }
        #expect(finished.withLock { $0 } == [true])
        #expect(clock.sleeps.isEmpty)
    }

    /// Graceful shutdown while waiting for the next tick ends the wait at once, however long the
    /// interval.
    @Test(.timeLimit(.minutes(1))) func gracefulShutdownEndsTheWait() async throws {
        let (ticks, continuation) = AsyncStream.makeStream(of: Void.self)
        let count = try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await forEachTick(every: .seconds(24 * 3600), clock: ContinuousClock()) { _ in
                        continuation.yield()
                    }
                    continuation.finish()
                }
                var count = 0
                for await _ in ticks {
                    count += 1
                    trigger.triggerGracefulShutdown()
                }
                try await group.waitForAll()
                return count
            }
        }
        #expect(count == 1)
    }

    /// Work that overruns its interval is followed by the latest tick due, not by a burst of the
    /// ticks it missed.
    @Test func ticksMissedByLongWorkAreSkipped() async throws {
        let clock = StepClock(sleepLimit: 2)
        let ticks = Mutex<[Duration]>([])
        await #expect(throws: StepClock.SleepLimitReached.self) {
            try await forEachTick(every: .seconds(10), clock: clock) { tick in
                let count = ticks.withLock {
                    $0.append(tick.offset)
                    return $0.count
                }
                if count == 2 { clock.advance(by: .seconds(35)) }
            }
        }
        // 0, 10, then the work took 35 s (to 45): 40 is due at once, 20 and 30 are skipped.
        #expect(ticks.withLock { $0 } == [.zero, .seconds(10), .seconds(40), .seconds(50)])
        #expect(clock.sleeps == [.seconds(10), .seconds(50), .seconds(60)])
    }

    /// A start in the past keeps the phase: the first tick is the latest one due on that grid,
    /// delivered at once, and the next falls on the grid.
    @Test func aStartInThePastKeepsThePhase() async throws {
        let clock = StepClock(sleepLimit: 1)
        clock.advance(by: .seconds(1000))
        let start = clock.now.advanced(by: .seconds(-130))
        let ticks = Mutex<[Duration]>([])
        await #expect(throws: StepClock.SleepLimitReached.self) {
            try await forEachTick(every: .seconds(60), from: start, clock: clock) { tick in
                ticks.withLock { $0.append(tick.offset) }
            }
        }
        #expect(ticks.withLock { $0 } == [.seconds(990), .seconds(1050)])
    }

    /// An error from the clock (a test clock's cancellation, a sleep that fails) ends the loop with
    /// that error, and so does an error from the work.
    @Test func errorsFromTheClockAndTheWorkAreRethrown() async throws {
        struct WorkFailed: Error {}
        await #expect(throws: StepClock.SleepLimitReached.self) {
            try await forEachTick(every: .seconds(1), clock: StepClock(sleepLimit: 3)) { _ in }
        }
        let clock = StepClock()
        let ticks = Mutex(0)
        await #expect(throws: WorkFailed.self) {
            try await forEachTick(every: .seconds(1), clock: clock) { _ in
                if ticks.withLock({
                    $0 += 1
                    return $0
                }) == 3 {
                    throw WorkFailed()
                }
            }
        }
        #expect(clock.sleeps == [.seconds(1), .seconds(2)])
    }

    /// Cancelling the task ends the loop while it waits, by returning or with `CancellationError`.
    @Test(.timeLimit(.minutes(1))) func cancellationEndsTheWait() async throws {
        let (started, continuation) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            try await forEachTick(every: .seconds(24 * 3600), clock: ContinuousClock()) { _ in continuation.yield() }
        }
        for await _ in started { break }
        task.cancel()
        do {
            try await task.value
        } catch is CancellationError {
        }
    }
}
