import Synchronization

/// A clock that jumps to the deadline when slept on, records every deadline it slept until, and
/// can be moved by hand (work that takes time): ticks happen in exact clock time without waiting.
final class StepClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    /// Thrown by a sleep past the limit.
    struct SleepLimitReached: Error {}

    private let state = Mutex((now: Instant(offset: .zero), sleeps: [Duration]()))
    private let sleepLimit: Int

    init(sleepLimit: Int = .max) {
        self.sleepLimit = sleepLimit
    }

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .zero }
    /// The deadlines slept until, as offsets from the clock's zero.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now.advanced(by: duration) }
    }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        let count = state.withLock { state -> Int in
            state.now = max(state.now, deadline)
            state.sleeps.append(deadline.offset)
            return state.sleeps.count
        }
        if count > sleepLimit { throw SleepLimitReached() }
    }
}
