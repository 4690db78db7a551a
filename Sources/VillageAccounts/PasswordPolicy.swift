import Dispatch
import HummingbirdBcrypt

/// Password rules and hashing. bcrypt reads at most 72 bytes, so a longer password would be
/// silently cut: it is refused instead.
package enum PasswordPolicy {
    /// bcrypt cost: 2^10 rounds, about 50–100 ms on a small server; a login costs one hash.
    package static let bcryptCost: UInt8 = 10
    package static let minimumLength = 10
    package static let maximumBytes = 72

    /// Refuses a password that is too short or too long, naming `field`.
    package static func check(_ password: String, field: String = "password") throws(AccountError) {
        guard password.count >= minimumLength else {
            throw AccountError(.invalidArgument, field: field, "must have at least \(minimumLength) characters")
        }
        guard password.utf8.count <= maximumBytes else {
            throw AccountError(.invalidArgument, field: field, "must have at most \(maximumBytes) bytes")
        }
    }

    /// The bcrypt hash, computed off the cooperative thread pool (it takes tens of milliseconds).
    static func hash(_ password: String) async -> String {
        await Self.offPool { Bcrypt.hash(password, cost: bcryptCost) }
    }

    static func verify(_ password: String, hash: String) async -> Bool {
        await Self.offPool { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash of a password nobody knows: checked when the user name is unknown, so that the answer
    /// takes as long as for a known name.
    static let decoyHash = Bcrypt.hash("decoy password for unknown user names", cost: bcryptCost)

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}
