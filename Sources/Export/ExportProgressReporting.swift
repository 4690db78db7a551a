/// Receives progress of a long export (rows written so far), e.g. to draw a terminal progress line.
public protocol ExportProgressReporting: AnyObject {
    /// A table starts; `estimatedRows` is nil when unknown (ETA then unavailable).
    func began(table: ExportTable, estimatedRows: Int?)
    /// `rows` rows of the current table have been written.
    func advanced(rows: Int)
    /// The current table is complete with `rows` rows.
    func finished(table: ExportTable, rows: Int)
}
