/// Writes the rows of one table into one file in one format.
///
/// Sources call `write(_:)` once per row with values in the schema's column order, then `finish()`.
/// Writers format straight into the output buffer and flush it as it fills, so memory does not
/// grow with the number of rows.
protocol RecordWriter: AnyObject {
    func write(_ row: [ExportValue]) throws(ExportError)
    /// Writes what the format needs after the last row and flushes.
    func finish() throws(ExportError)
}

extension ExportFormat {
    /// A writer of this format for `schema` into `file`.
    func makeWriter(schema: TableSchema, file: OutputFile, clock: SiteClock, siteId: String) -> any RecordWriter {
        switch self {
        case .csv: CSVRecordWriter(schema: schema, file: file, clock: clock)
        case .jsonl: JSONLinesRecordWriter(schema: schema, file: file, clock: clock)
        case .ngsiLD: NGSILDRecordWriter(schema: schema, file: file, clock: clock, siteId: siteId)
        }
    }
}
