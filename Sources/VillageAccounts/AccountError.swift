/// Why an account operation was refused. The message never contains a password, a token or a hash.
package struct AccountError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Code: String, Sendable, Hashable {
        /// Unknown user, wrong password, disabled account or no password set: one answer for all,
        /// so that a caller cannot tell which names exist.
        case invalidCredentials
        /// Too many failed logins for this name: refused until `lockedUntil`.
        case lockedOut
        /// An argument is not acceptable; `field` names it.
        case invalidArgument
        /// The user name is taken.
        case duplicateUsername
        /// No account of that name.
        case unknownAccount
        /// The setup code is unknown, used or expired.
        case invalidSetupCode
        /// The database refused.
        case store
    }

    package let code: Code
    /// The argument or field at fault, if any (`username`, `password`, `household`, …).
    package let field: String?
    package let message: String
    /// For `lockedOut`: UTC Unix seconds when logins are accepted again.
    package let lockedUntil: Int64?

    package init(_ code: Code, field: String? = nil, _ message: String, lockedUntil: Int64? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.lockedUntil = lockedUntil
    }

    package var description: String { field.map { "\($0): \(message)" } ?? message }
}
