import Foundation
import VillageCore

/// Reads a household's metered usage for billing: CSV with a header naming `start`, `import_wh`
/// and optionally `export_wh`; `start` is ISO 8601 (local time when it has no offset) or Unix seconds.
///
/// One row per metering interval: starts on the 15-minute grid of local time (hourly or daily rows
/// start on it too), strictly increasing, so no interval is billed twice. Energies are whole Wh in
/// `0...maximumWhPerRow`, so that a month of rows can be priced in 64-bit integers without a trap.
package enum UsageCSV {
    /// One interval and the 1-based line it was read from.
    package struct Row: Sendable, Equatable {
        package var interval: UsageInterval
        package var line: Int
    }

    /// The largest energy a row may hold: 1 TWh, more than a 1 GW power station generates in a
    /// month, so no real meter reaches it, while 2,976 rows of it (a month of quarter hours) times
    /// a rate of ₩1,000,000 per kWh still fit the bill's integer arithmetic.
    package static let maximumWhPerRow: Int64 = 1_000_000_000_000

    /// The grid row starts must lie on, in seconds of local time: the settlement interval.
    package static let alignmentSeconds: Int64 = TimeGrid.quarterHourSeconds

    /// Row starts must fall in the years 0001 to 9999, the years an ISO 8601 date can write; a Unix
    /// time outside them is a typo, and calendar arithmetic on it could overflow.
    package static let supportedStarts: ClosedRange<Int64> = {
        let first = LocalDate(year: 1, month: 1, day: 1)!.dayNumber * TimeGrid.daySeconds
        let last = LocalDate(year: 9999, month: 12, day: 31)!.dayNumber * TimeGrid.daySeconds
        return first...last
    }()

    /// Reads the file at `path`; errors name the file, the column and the line.
    package static func read(path: String, utcOffsetSeconds: Int64 = 32_400) throws(TariffError) -> [UsageInterval] {
        try readRows(path: path, utcOffsetSeconds: utcOffsetSeconds).map(\.interval)
    }

    /// Reads the file at `path` keeping each row's line, so that a later error about an interval
    /// (a bill's) can name the line.
    package static func readRows(path: String, utcOffsetSeconds: Int64 = 32_400) throws(TariffError) -> [Row] {
        let display = URL(fileURLWithPath: path).lastPathComponent
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw TariffError(
                .unreadableFile, file: display, "cannot read the usage file: \(error.localizedDescription)")
        }
        return try parseRows(text, file: display, utcOffsetSeconds: utcOffsetSeconds)
    }

    /// Parses CSV text; `file` names it in errors.
    package static func parse(_ text: String, file: String, utcOffsetSeconds: Int64 = 32_400) throws(TariffError)
        -> [UsageInterval]
    {
        try parseRows(text, file: file, utcOffsetSeconds: utcOffsetSeconds).map(\.interval)
    }

    /// Parses CSV text keeping each row's line; `file` names it in errors.
    package static func parseRows(_ text: String, file: String, utcOffsetSeconds: Int64 = 32_400) throws(TariffError)
        -> [Row]
    {
        var columns: (start: Int, importWh: Int, exportWh: Int?)?
        var result: [Row] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let known = columns else {
                guard let start = fields.firstIndex(of: "start"), let importWh = fields.firstIndex(of: "import_wh")
                else {
                    throw TariffError(
                        .invalidUsage, file: file, line: lineNumber,
                        "the header must name the columns start and import_wh (and optionally export_wh)")
                }
                columns = (start, importWh, fields.firstIndex(of: "export_wh"))
                continue
            }
            guard fields.count > max(known.start, known.importWh, known.exportWh ?? 0) else {
                throw TariffError(
                    .invalidUsage, file: file, line: lineNumber,
                    "expected \(max(known.start, known.importWh, known.exportWh ?? 0) + 1) fields")
            }
            let startText = fields[known.start]
            guard let start = InstantParser.parse(startText, utcOffsetSeconds: utcOffsetSeconds) else {
                throw TariffError(
                    .invalidUsage, file: file, keyPath: "start", line: lineNumber, "cannot read the time '\(startText)'"
                )
            }
            guard supportedStarts.contains(start) else {
                throw TariffError(
                    .invalidUsage, file: file, keyPath: "start", line: lineNumber,
                    "'\(startText)' is outside the years 0001 to 9999")
            }
            guard floorModulo(start + utcOffsetSeconds, alignmentSeconds) == 0 else {
                throw TariffError(
                    .invalidUsage, file: file, keyPath: "start", line: lineNumber,
                    "'\(startText)' (\(InstantParser.format(start, utcOffsetSeconds: utcOffsetSeconds))) is not on a \(alignmentSeconds / 60)-minute boundary of local time: a row is one metering interval"
                )
            }
            let importWh = try energy(fields[known.importWh], column: "import_wh", file: file, line: lineNumber)
            var exportWh: Int64 = 0
            if let column = known.exportWh {
                exportWh = try energy(fields[column], column: "export_wh", file: file, line: lineNumber)
            }
            if let last = result.last {
                if start == last.interval.start {
                    throw TariffError(
                        .invalidUsage, file: file, keyPath: "start", line: lineNumber,
                        "\(InstantParser.format(start, utcOffsetSeconds: utcOffsetSeconds)) is already on line \(last.line): each interval is billed once"
                    )
                }
                if start < last.interval.start {
                    throw TariffError(
                        .invalidUsage, file: file, keyPath: "start", line: lineNumber,
                        "rows must be in time order (line \(last.line) is later)")
                }
            }
            result.append(
                Row(interval: UsageInterval(start: start, importWh: importWh, exportWh: exportWh), line: lineNumber))
        }
        return result
    }

    /// A whole number of Wh in `0...maximumWhPerRow`.
    private static func energy(_ text: String, column: String, file: String, line: Int) throws(TariffError) -> Int64 {
        if let value = Int64(text), (0...maximumWhPerRow).contains(value) { return value }
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), !text.hasPrefix("-") {
            throw TariffError(
                .invalidUsage, file: file, keyPath: column, line: line,
                "\(text) Wh is more than a row may hold (\(maximumWhPerRow) Wh)")
        }
        throw TariffError(
            .invalidUsage, file: file, keyPath: column, line: line, "expected a whole number of Wh ≥ 0, got '\(text)'")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
