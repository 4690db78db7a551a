/// Why the ledger database or a settlement from metered data refused an operation.
///
/// Names the database file and the transaction, household or field concerned, so an operator
/// can act without reading code. A refused operation has written nothing.
public struct MarketStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// A stored ledger row cannot be read back as a transaction (a value outside its domain).
        case malformedRow
        /// A household that the store does not know.
        case unknownHousehold
        /// A month, day or time argument that is not in the expected form.
        case invalidArgument
        /// The tariff gives no import or export price for an interval.
        case missingPrice
        /// SQLite reported an error.
        case sqlite
    }

    public let code: Code
    /// The database file (or the argument) concerned.
    public let path: String
    /// The transaction, household or field concerned, if any.
    public let subject: String?
    public let message: String

    public init(code: Code, path: String, subject: String? = nil, message: String) {
        self.code = code
        self.path = path
        self.subject = subject
        self.message = message
    }

    public var description: String {
        if let subject { return "\(path): \(subject): \(message)" }
        return "\(path): \(message)"
    }
}
