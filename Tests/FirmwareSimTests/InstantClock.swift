import Synchronization

/// A clock whose sleeps return at once with the clock moved to the deadline, and that cancels the
/// sleeper after a set number of sleeps: lets a test drive real-time code through exact wall times.
final class InstantClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex((now: Instant(offset: .zero), sleeps: 0))
    let sleepLimit: Int

    init(sleepLimit: Int) {
        self.sleepLimit = sleepLimit
    }

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .zero }
    var sleeps: Int { state.withLock { $0.sleeps } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let count = state.withLock { state -> Int in
            state.now = max(state.now, deadline)
            state.sleeps += 1
            return state.sleeps
        }
        if count >= sleepLimit { throw CancellationError() }
    }
}
