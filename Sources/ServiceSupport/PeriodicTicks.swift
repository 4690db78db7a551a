/// The instants `start`, `start + interval`, `start + 2 × interval`, … of a clock, each delivered
/// once the clock has reached it.
///
/// Unlike `AsyncTimerSequence`, a tick that a slow consumer let pass is skipped rather than
/// delivered late in a burst: after a long poll or control step the next tick is the latest one
/// due, so the work of a service never piles up. A start in the past delivers its latest due tick
/// at once, which lets a service keep a phase (quarter-hour boundaries, a timeline that began
/// before the process). An error thrown by the clock's `sleep` (cancellation) ends the sequence
/// with that error.
package struct PeriodicTicks<C: Clock>: AsyncSequence, Sendable {
    package typealias Element = C.Instant

    package let interval: C.Duration
    /// The first tick; `nil`: the clock's time when iteration begins.
    package let start: C.Instant?
    package let clock: C

    package init(every interval: C.Duration, from start: C.Instant? = nil, clock: C) {
        precondition(interval > .zero, "a periodic tick needs a positive interval")
        self.interval = interval
        self.start = start
        self.clock = clock
    }

    package func makeAsyncIterator() -> Iterator {
        Iterator(ticks: self)
    }

    package struct Iterator: AsyncIteratorProtocol {
        let ticks: PeriodicTicks
        var origin: C.Instant?
        /// Index of the tick delivered last.
        var delivered: Int?

        package mutating func next() async throws -> C.Instant? {
            let clock = ticks.clock
            let origin = self.origin ?? ticks.start ?? clock.now
            self.origin = origin
            let elapsed = origin.duration(to: clock.now)
            let due = elapsed < .zero ? 0 : Int((elapsed / ticks.interval).rounded(.down))
            let index = Swift.max(delivered.map { $0 + 1 } ?? 0, due)
            let deadline = origin.advanced(by: ticks.interval * index)
            // A tick already due is delivered without sleeping, so a clock that counts its sleeps
            // (a test's) sees one sleep per tick that had to be waited for.
            if clock.now < deadline {
                try await clock.sleep(until: deadline, tolerance: nil)
            }
            delivered = index
            return deadline
        }
    }
}
