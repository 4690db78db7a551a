import Synchronization
import VillageAccounts

/// The per-address login limit of ``AddressThrottle`` shared by every request the backend serves.
final class LoginAddressGate: Sendable {
    private let state: Mutex<AddressThrottle>

    init(_ throttle: AddressThrottle) { state = Mutex(throttle) }

    /// nil when `client` may try now, else the seconds to wait.
    func attempt(from client: String, now: Int64) -> Int64? {
        state.withLock { $0.attempt(from: client, now: now) }
    }
}
