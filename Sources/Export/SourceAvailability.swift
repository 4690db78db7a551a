/// Whether a source's table can be exported from a database.
package enum SourceAvailability: Sendable, Hashable {
    case available
    /// The database does not record this kind of data (yet); the reason says what is missing.
    case notRecorded(reason: String)
    /// The data exist but cannot be exported with these arguments; the reason names the conflict.
    case incompatible(reason: String)
}
