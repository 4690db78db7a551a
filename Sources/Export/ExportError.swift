/// Why an export was refused or stopped.
///
/// Every error names what it concerns (a command-line argument, a file, a table) so that a
/// researcher can fix the call without reading code. An export that fails before writing leaves the
/// output directory as it was; one that fails while writing removes its temporary files.
public struct ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong; match on this in `catch`.
    public enum Code: String, Sendable, Hashable, Codable {
        /// An argument has a value that cannot be used (unknown table, bad date, bad number).
        case invalidArgument
        /// The date range is empty or reversed.
        case emptyRange
        /// Two arguments cannot be combined (e.g. `--min-group` with raw readings).
        case conflictingArguments
        /// The output directory exists, is not empty, and `--force` was not given.
        case outputNotEmpty
        /// A file (database, key, output) cannot be read, created or written.
        case fileAccess
        /// The database is not a village store, or is missing a table the export needs.
        case notAVillageStore
        /// A household named in `--households` is not registered in the database.
        case unknownHousehold
        /// The requested data are not recorded in this database (e.g. trades before the ledger tables exist).
        case notRecorded
        /// SQLite reported an error while reading.
        case database
    }

    public let code: Code
    /// The argument (`--from`), file path or table concerned.
    public let subject: String
    /// A human-readable explanation.
    public let message: String

    public init(_ code: Code, _ subject: String, _ message: String) {
        self.code = code
        self.subject = subject
        self.message = message
    }

    public var description: String { "\(subject): \(message)" }
}
