import Dispatch
import HummingbirdBcrypt
import VillageAccounts

/// bcrypt for the backend's accounts, at the cost `village serve` uses, computed off the
/// cooperative thread pool (a hash takes tens of milliseconds).
enum BackendPasswords {
    static func hash(_ password: String) async -> String {
        await offPool { Bcrypt.hash(password, cost: PasswordPolicy.bcryptCost) }
    }

    static func verify(_ password: String, hash: String) async -> Bool {
        await offPool { Bcrypt.verify(password, hash: hash) }
    }

    /// The hash of a password nobody knows, checked for unknown user names.
    static let decoyHash = Bcrypt.hash("decoy password for unknown user names", cost: PasswordPolicy.bcryptCost)

    private static let queue = DispatchQueue(label: "village.backend.bcrypt", attributes: .concurrent)

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in queue.async { continuation.resume(returning: work()) } }
    }
}
