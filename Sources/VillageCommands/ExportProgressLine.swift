import Export
import Foundation

/// The progress line of `village export` on a terminal: table, rows, rate and ETA, redrawn at most
/// five times a second on stderr (stdout stays clean for `--json`).
final class ExportProgressLine: ExportProgressReporting {
    private var table: ExportTable = .intervals
    private var estimatedRows: Int?
    private var started = ContinuousClock.now
    private var lastDrawn = ContinuousClock.now

    func began(table: ExportTable, estimatedRows: Int?) {
        self.table = table
        self.estimatedRows = estimatedRows
        started = .now
        lastDrawn = .now
        draw(rows: 0)
    }

    func advanced(rows: Int) {
        let now = ContinuousClock.now
        guard now - lastDrawn >= .milliseconds(200) else { return }
        lastDrawn = now
        draw(rows: rows)
    }

    func finished(table: ExportTable, rows: Int) {
        draw(rows: rows)
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func draw(rows: Int) {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rate = seconds > 0 ? Double(rows) / seconds : 0
        var line = "\r\(table.rawValue): \(rows.formatted()) rows, \(Int(rate).formatted()) rows/s"
        if let estimatedRows, estimatedRows > 0 {
            let fraction = min(1, Double(rows) / Double(estimatedRows))
            let width = 20
            let filled = Int(fraction * Double(width))
            line += " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
            line += String(format: " %3.0f%%", fraction * 100)
            if rate > 0 {
                let remaining = Int(Double(max(0, estimatedRows - rows)) / rate)
                line += String(format: ", ETA %d:%02d", remaining / 60, remaining % 60)
            }
        }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }
}
