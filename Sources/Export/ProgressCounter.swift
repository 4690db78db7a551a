/// Counts rows for a reporter, calling it only every few thousand rows so it costs nothing per row.
final class ProgressCounter {
    private let reporter: (any ExportProgressReporting)?
    private(set) var rows = 0
    private var nextReport = 4_096

    init(reporter: (any ExportProgressReporting)?) { self.reporter = reporter }

    @inline(__always)
    func add(_ count: Int = 1) {
        rows += count
        if rows >= nextReport {
            nextReport = rows + 4_096
            reporter?.advanced(rows: rows)
        }
    }
}
