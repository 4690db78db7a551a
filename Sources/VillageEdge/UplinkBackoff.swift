/// How long the uploader waits after the `failures`-th failure in a row: exponential from `base`,
/// capped at `cap`, with "equal jitter" (a random point in the upper half), so that the villages
/// of a city that lost their backend together do not all come back in the same second.
package struct UplinkBackoff: Sendable, Equatable {
    package var base: Duration
    package var cap: Duration

    package init(base: Duration = .seconds(1), cap: Duration = .seconds(300)) {
        precondition(base > .zero && cap >= base, "backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
    }

    /// The ceiling after `failures` failures (1 → base, doubling, at most cap).
    package func ceiling(afterFailures failures: Int) -> Duration {
        var delay = base
        for _ in 1..<max(1, failures) {
            delay *= 2
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }

    /// A delay in [ceiling / 2, ceiling].
    package func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(afterFailures: failures)
        let half = ceiling / 2
        let milliseconds = Int64(half.components.seconds) * 1000 + half.components.attoseconds / 1_000_000_000_000_000
        let jitter = milliseconds > 0 ? Int64.random(in: 0...milliseconds, using: &generator) : 0
        return half + .milliseconds(jitter)
    }
}
