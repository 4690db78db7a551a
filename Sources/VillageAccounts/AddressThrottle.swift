/// Login attempts per client address: at most `limit` in any `windowSeconds`, then refused until the
/// window has moved on. Counts attempts, not failures, so a password-guessing client is slowed even
/// across usernames; the account store's own lockout covers one username from many addresses.
///
/// Pure: the caller gives the time, so tests need no clock and no sleeping.
package struct AddressThrottle: Sendable {
    package var limit: Int
    package var windowSeconds: Int64
    private var attempts: [String: [Int64]] = [:]

    package init(limit: Int = 10, windowSeconds: Int64 = 300) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Records an attempt from `client` at `now` (Unix seconds) when allowed; returns nil when
    /// allowed, or the seconds after which the client may try again.
    package mutating func attempt(from client: String, now: Int64) -> Int64? {
        var recent = (attempts[client] ?? []).filter { $0 > now - windowSeconds }
        if recent.count >= limit, let oldest = recent.first {
            attempts[client] = recent
            return max(1, oldest + windowSeconds - now)
        }
        recent.append(now)
        attempts[client] = recent
        // Forget idle clients now and then, so the table stays small.
        if attempts.count > 10_000 { attempts = attempts.filter { $0.value.last ?? 0 > now - windowSeconds } }
        return nil
    }
}
