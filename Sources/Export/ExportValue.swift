/// One exported value; rows are arrays of these, reused from row to row.
package enum ExportValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// UTC Unix seconds, written as ISO 8601 with the site's offset.
    case time(Int64)
}
