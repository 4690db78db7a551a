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

/// Whether a source's table can be exported from a database.
public enum SourceAvailability: Sendable, Hashable {
    case available
    /// The database does not record this kind of data (yet); the reason says what is missing.
    case notRecorded(reason: String)
    /// The data exist but cannot be exported with these arguments; the reason names the conflict.
    case incompatible(reason: String)
}

/// The registry of sources.
enum ExportSources {
    /// Every table `--what` can name, in the order `all` exports them.
    static let standard: [any ExportSource] = [
        ReadingSource(),
        IntervalSource(),
        UnrecordedSource(
            table: .trades, expectedTables: ["ledger_transactions", "ledger_postings"],
            recordedBy: "the market's settlement ledger"),
        UnrecordedSource(
            table: .dispatch, expectedTables: ["dispatch_plans"], recordedBy: "the dispatch scheduler"),
        EventSource(),
    ]
}

/// Settings that every source reads, resolved from the request once the database is open.
struct ExportSettings {
    /// Half-open range of UTC Unix seconds.
    let from: Int64
    let to: Int64
    let resolution: ExportResolution
    /// Households to export, or nil for every household and the plant.
    let households: Set<String>?
    let identifiers: IdentifierPolicy
    let minimumGroupSize: Int?
    let clock: SiteClock
    let intervalSeconds: Int64 = 900

    /// Whether rows of `householdId` (nil: plant) are exported.
    func includes(householdId: String?) -> Bool {
        guard let households else { return true }
        guard let householdId else { return false }
        return households.contains(householdId)
    }

    /// Local-day windows `[start, end)` covering the range: each is one read transaction, so a long
    /// export never holds one snapshot (and the WAL) open for its whole duration.
    var dayWindows: [(start: Int64, end: Int64)] {
        var windows: [(Int64, Int64)] = []
        var start = from
        while start < to {
            let end = min(clock.nextMidnight(after: start), to)
            windows.append((start, end))
            start = end
        }
        return windows
    }
}

extension Database {
    /// Throws the connection's last error as an `ExportError` about `operation`.
    func exportError(_ code: Int32, _ operation: String, path: String) -> ExportError {
        ExportError(.database, path, "\(operation): SQLite error \(code): \(String(cString: sqlite3_errmsg(sqliteConnection)))")
    }
}
