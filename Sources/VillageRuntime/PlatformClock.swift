import Foundation

/// The platform's clock: wall-clock time, or a simulated timeline that runs `speed` times faster
/// than the wall from `start` at the wall instant `anchor`. A daemon restarted with the same anchor
/// lands on the same timeline, and so does a `village-sim` given the same start, speed and anchor.
///
/// Its instants are platform time (Unix seconds on the timeline), so services that sleep "until the
/// next quarter hour" on it wake at the next simulated quarter hour.
package struct PlatformClock: Clock, Sendable {
    package struct Instant: InstantProtocol, Sendable {
        /// Platform time since the Unix epoch.
        package var sinceEpoch: Duration

        package func advanced(by duration: Duration) -> Instant { Instant(sinceEpoch: sinceEpoch + duration) }
        package func duration(to other: Instant) -> Duration { other.sinceEpoch - sinceEpoch }
        package static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.sinceEpoch < rhs.sinceEpoch }
    }

    /// Platform time (Unix seconds) at the wall instant `anchor`; nil: the wall clock itself.
    package let start: Int64?
    /// Platform seconds per wall second.
    package let speed: Double
    /// Wall-clock Unix seconds at which the timeline stood at `start`.
    package let anchor: Double

    /// The wall clock.
    package static let wall = PlatformClock(start: nil, speed: 1, anchor: 0)

    /// A simulated timeline from `start`, `speed` times faster than the wall, anchored at `anchor`
    /// (wall Unix seconds; default: now).
    package static func simulated(start: Int64, speed: Double, anchor: Double = Date().timeIntervalSince1970)
        -> PlatformClock
    {
        PlatformClock(start: start, speed: speed, anchor: anchor)
    }

    package var now: Instant {
        let wall = Date().timeIntervalSince1970
        guard let start else { return Instant(sinceEpoch: .seconds(wall)) }
        return Instant(sinceEpoch: .seconds(start) + .seconds((wall - anchor) * speed))
    }

    /// Platform time now, whole Unix seconds.
    package var unixSeconds: Int64 { now.sinceEpoch.components.seconds }

    package var minimumResolution: Duration { .milliseconds(1) }

    package func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let remaining = now.duration(to: deadline)
        guard remaining > .zero else { return try Task.checkCancellation() }
        try await ContinuousClock().sleep(for: remaining / speed, tolerance: tolerance.map { $0 / speed })
    }
}
