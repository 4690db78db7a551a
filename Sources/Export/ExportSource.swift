import GRDB
import GRDBSQLite

/// One kind of exported data: where its rows come from and what its columns are.
///
/// The exporter asks each source whether the database records its table before it writes anything,
/// so that a table that is not there (trades before the ledger tables exist) is reported as such
/// rather than exported as an empty file that looks like "no trades happened". Adding a table to
/// the export is adding a source to `ExportSources.standard`.
protocol ExportSource: Sendable {
    var table: ExportTable { get }

    /// Whether this source can export from `database` with these settings.
    func availability(in database: ExportDatabase, settings: ExportSettings) -> SourceAvailability

    /// The columns of the file, which depend on resolution and grouping.
    func schema(settings: ExportSettings) -> TableSchema

    /// How many rows the export will have, roughly, for the progress line; nil if unknown.
    func estimatedRowCount(in database: ExportDatabase, settings: ExportSettings) throws(ExportError) -> Int?

    /// Streams the rows into `writer`; returns how many were written.
    func export(
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter,
        progress: ProgressCounter
    ) throws(ExportError) -> Int
}
