/// A person or service that may use the server. Never carries the password hash.
package struct Account: Sendable, Hashable, Codable {
    package var id: Int64
    package var username: String
    package var role: Role
    /// The unit a `household` account belongs to; nil for every other role.
    package var household: String?
    /// A researcher allowed exports with identifiers as stored (granted by the operator).
    package var rawExportAccess: Bool
    package var disabled: Bool
    /// Whether a password is set (false until a setup code is redeemed).
    package var hasPassword: Bool
    /// UTC Unix seconds.
    package var createdAt: Int64

    package init(
        id: Int64, username: String, role: Role, household: String?, rawExportAccess: Bool, disabled: Bool,
        hasPassword: Bool, createdAt: Int64
    ) {
        self.id = id
        self.username = username
        self.role = role
        self.household = household
        self.rawExportAccess = rawExportAccess
        self.disabled = disabled
        self.hasPassword = hasPassword
        self.createdAt = createdAt
    }
}
