import Foundation
import VillageCore
import VillageStore

/// An hourly system marginal price file as the Korean power exchange (KPX) publishes it for one
/// region: one row per trading day, a date column and 24 hourly columns in won per kWh.
///
/// The header names the date column (`date`, `기간`, `거래일`, `거래일자`, `tradeDay`, `일자`) and the
/// hours, either `1h`…`24h` (also `1`…`24`, `1시`…`24시`): the exchange labels an hour by its end,
/// so `1h` is 00:00–01:00; or `0`…`23` (`0h`…`23h`), labelled by their start as in the exchange's
/// older open API. Summary columns (`max`, `min`, `average`, `최대`, `최소`, `평균`, `가중평균`) are
/// ignored. Dates are `2026-11-03`, `2026.11.03`, `2026/11/03` or `20261103`, in Korea Standard
/// Time (UTC+9, no daylight saving); a trailing `(화)` is ignored. Prices have at most three
/// decimals and are not negative. Blank lines and lines starting with `#` are skipped.
package enum SMPFile {
    /// Korea Standard Time, which the exchange's trading days are in.
    package static let utcOffsetSeconds: Int64 = 9 * 3_600

    static let dateHeaders: Set<String> = ["date", "기간", "거래일", "거래일자", "tradeday", "일자", "날짜"]
    static let summaryHeaders: Set<String> = [
        "max", "min", "avg", "average", "mean", "최대", "최소", "평균", "가중평균", "합계",
    ]

    /// Reads a file from disk; `displayName` names it in errors.
    package static func load(path: String, displayName: String? = nil) throws(SMPFileError) -> [HourlyPrice] {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SMPFileError(file: name, "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SMPFileError(
                file: name, "not UTF-8 text; save the exchange's download as CSV (UTF-8) and import that")
        }
        return try parse(text, file: name)
    }

    /// Parses the text of a file.
    package static func parse(_ text: String, file: String) throws(SMPFileError) -> [HourlyPrice] {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        var header: Header?
        var prices: [HourlyPrice] = []
        var seenDays: [Int64: Int] = [:]
        // "\r\n" is one Character in Swift: split on any newline, so Windows line ends count once.
        for (offset, rawLine) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
        {
            let lineNumber = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            guard let columns = header else {
                header = try Header(fields, file: file, line: lineNumber)
                continue
            }
            guard fields.count == columns.count else {
                throw SMPFileError(
                    file: file, line: lineNumber,
                    "\(fields.count) columns where the header has \(columns.count)")
            }
            let dateField = fields[columns.dateColumn]
            guard let day = parseDay(dateField) else {
                throw SMPFileError(
                    file: file, line: lineNumber, column: columns.names[columns.dateColumn],
                    "'\(dateField)' is not a date (2026-11-03, 2026.11.03 or 20261103)")
            }
            if let earlier = seenDays[day] {
                throw SMPFileError(
                    file: file, line: lineNumber, column: columns.names[columns.dateColumn],
                    "\(dateField) appears twice (first on line \(earlier))")
            }
            seenDays[day] = lineNumber
            let midnight = day * 86_400 - utcOffsetSeconds
            for (column, hourOfDay) in columns.hourColumns {
                guard let price = parsePrice(fields[column]) else {
                    throw SMPFileError(
                        file: file, line: lineNumber, column: columns.names[column],
                        fields[column].isEmpty
                            ? "no price for this hour"
                            : "'\(fields[column])' is not a price in won/kWh (0 or more, at most 3 decimals)")
                }
                prices.append(
                    HourlyPrice(
                        hourStart: midnight + Int64(hourOfDay) * 3_600, priceMilliWonPerKWh: price, line: lineNumber))
            }
        }
        guard header != nil else { throw SMPFileError(file: file, "empty: expected a header and one row per day") }
        guard !prices.isEmpty else { throw SMPFileError(file: file, "a header but no day") }
        return prices
    }

    /// The columns of a file: which one is the date and which hour each price column holds.
    struct Header {
        var names: [String]
        var dateColumn: Int
        /// (column, hour of day 0–23 by its start).
        var hourColumns: [(Int, Int)]
        var count: Int { names.count }

        init(_ fields: [String], file: String, line: Int) throws(SMPFileError) {
            names = fields
            var date: Int?
            var labels: [(column: Int, number: Int)] = []
            for (column, raw) in fields.enumerated() {
                let name = raw.lowercased()
                if SMPFile.dateHeaders.contains(name) {
                    guard date == nil else {
                        throw SMPFileError(file: file, line: line, column: raw, "a second date column")
                    }
                    date = column
                } else if let number = SMPFile.hourNumber(name) {
                    labels.append((column, number))
                } else if !SMPFile.summaryHeaders.contains(name) {
                    throw SMPFileError(
                        file: file, line: line, column: raw.isEmpty ? "\(column + 1)" : raw,
                        "unknown column; expected a date column and hours 1h…24h (or 0…23)")
                }
            }
            guard let date else {
                throw SMPFileError(file: file, line: line, "no date column (date, 기간, 거래일자 or tradeDay)")
            }
            let numbers = labels.map(\.number).sorted()
            let endLabelled = numbers == Array(1...24)
            guard endLabelled || numbers == Array(0...23) else {
                throw SMPFileError(
                    file: file, line: line,
                    "the hour columns must be 1h…24h (hour ending) or 0…23 (hour beginning), each once; found \(labels.count)"
                )
            }
            dateColumn = date
            hourColumns = labels.map { ($0.column, endLabelled ? $0.number - 1 : $0.number) }
        }
    }

    /// `13`, `13h`, `13시`, `13:00` → 13.
    static func hourNumber(_ name: String) -> Int? {
        var text = Substring(name)
        for suffix in ["h", "시", ":00"] where text.hasSuffix(suffix) {
            text = text.dropLast(suffix.count)
            break
        }
        guard !text.isEmpty, text.count <= 2, text.allSatisfy(\.isASCII), let number = Int(text),
            (0...24).contains(number)
        else { return nil }
        return number
    }

    /// The day number (days since 1970-01-01) of a date field.
    static func parseDay(_ field: String) -> Int64? {
        var text = Substring(field)
        if let parenthesis = text.firstIndex(of: "(") { text = text[..<parenthesis] }
        text = Substring(text.trimmingCharacters(in: .whitespaces))
        let parts: [Substring]
        if text.count == 8, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) {
            parts = [text.prefix(4), text.dropFirst(4).prefix(2), text.suffix(2)]
        } else {
            parts = text.split(whereSeparator: { $0 == "-" || $0 == "." || $0 == "/" })
        }
        guard parts.count == 3, parts[0].count == 4, let year = Int64(parts[0]), let month = Int64(parts[1]),
            let day = Int64(parts[2]), (1900...9999).contains(year), (1...12).contains(month),
            (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        return CivilCalendar.dayNumber(year: year, month: month, day: day)
    }

    /// `93.47` → 93 470 milli-won; at most three decimals, not negative, below 100 000 won/kWh.
    static func parsePrice(_ field: String) -> Int64? {
        let parts = field.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 5,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let whole = Int64(parts[0])
        else { return nil }
        var milli = whole * 1000
        if parts.count == 2 {
            let decimals = parts[1]
            guard (1...3).contains(decimals.count), let fraction = Int64(decimals) else { return nil }
            milli += fraction * [100, 10, 1][decimals.count - 1]
        }
        return milli
    }
}
