/// How many failed logins lock a user name, and for how long. The web login and `POST /tokens`
/// share it, because both go through ``AccountStore/authenticate(username:password:now:)``; the
/// city backend's login applies the same rule to its own table.
package struct LoginThrottle: Sendable, Hashable {
    /// Failures within `windowSeconds` that lock the name.
    package var maximumFailures = 5
    package var windowSeconds: Int64 = 15 * 60
    package var lockSeconds: Int64 = 15 * 60

    package init() {}

    /// A user name's failed logins as a store keeps them.
    package struct Record: Sendable, Equatable {
        /// Failures counted in the current window (0 once they locked the name).
        package var failures: Int
        package var firstFailureAt: Int64
        /// Until when the name is locked, if the last failure locked it.
        package var lockedUntil: Int64?
    }

    /// The record after one more failure at `now`, given the stored one: a failure within the
    /// window of the first counts up, a later one starts a new window; the `maximumFailures`-th
    /// locks the name for `lockSeconds` and starts the count again.
    package func afterFailure(failures: Int?, firstFailureAt: Int64?, now: Int64) -> Record {
        var count = 1
        var first = now
        if let failures, let firstFailureAt, now - firstFailureAt < windowSeconds {
            count = failures + 1
            first = firstFailureAt
        }
        let lockedUntil = count >= maximumFailures ? now + lockSeconds : nil
        return Record(failures: lockedUntil == nil ? count : 0, firstFailureAt: first, lockedUntil: lockedUntil)
    }
}
