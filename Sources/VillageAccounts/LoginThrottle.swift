/// How many failed logins lock a user name, and for how long. The web login and `POST /tokens`
/// share it, because both go through ``AccountStore/authenticate(username:password:now:)``.
package struct LoginThrottle: Sendable, Hashable {
    /// Failures within `windowSeconds` that lock the name.
    package var maximumFailures = 5
    package var windowSeconds: Int64 = 15 * 60
    package var lockSeconds: Int64 = 15 * 60

    package init() {}
}
