/// Why the store, or the ledger and settlement kept in it, refused an operation.
///
/// Every case names the database file (or the tariff file or argument at fault) and, where it applies,
/// the identifier, transaction or field at fault, so that an operator can act without reading code. An
/// operation that throws has written nothing: every write runs in one transaction that is rolled back
/// on error.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong; match on this in `catch`.
    public enum Code: String, Sendable, Hashable {
        /// The file exists but does not start with the SQLite header.
        case notADatabase
        /// A command that only reads was pointed at a file that does not exist.
        case fileNotFound
        /// The file is a SQLite database that this store did not create.
        case foreignDatabase
        /// The database was migrated by a newer version of the platform.
        case newerSchema
        /// A read-only command met a database that an older version wrote and only a read-write open
        /// of this version converts.
        case olderSchema
        /// A reading, event, health update or checkpoint names a device that is not registered.
        case unknownDevice
        /// An interval names a household or plant that is not registered.
        case unknownOwner
        /// A device refers to a household that the same registration does not define.
        case unknownHousehold
        /// Two devices (or two households) in one registration share an identifier.
        case duplicateIdentifier
        /// A value is outside what the schema accepts (empty id, malformed channel, unaligned interval).
        case invalidValue
        /// A stored ledger row cannot be read back as a transaction (a value outside its domain).
        case malformedRow
        /// A month, day or time argument that is not in the expected form.
        case invalidArgument
        /// The tariff gives no import or export price for an interval.
        case missingPrice
        /// SQLite reported an error.
        case sqlite
    }

    public let code: Code
    /// The database file concerned (or the tariff file or command-line argument).
    public let path: String
    /// The identifier, transaction, field or SQL operation concerned, if any.
    public let subject: String?
    /// A human-readable explanation.
    public let message: String

    public init(code: Code, path: String, subject: String? = nil, message: String) {
        self.code = code
        self.path = path
        self.subject = subject
        self.message = message
    }

    public var description: String {
        if let subject {
            return "\(path): \(subject): \(message)"
        }
        return "\(path): \(message)"
    }
}
