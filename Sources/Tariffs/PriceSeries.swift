import Foundation

/// Prices that change over time (hourly or 15-minute day-ahead prices, monthly SMP), read from a
/// CSV file: a step function, each row holding from its start until its end.
struct PriceSeries: Sendable {
    let starts: [Int64]
    let ends: [Int64]
    /// Milli per kWh.
    let prices: [Int64]
    let file: String

    /// The row covering `instant`, if any.
    func index(at instant: Int64) -> Int? {
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        let candidate = low - 1
        guard candidate >= 0, instant < ends[candidate] else { return nil }
        return candidate
    }

    func price(at instant: Int64) -> Int64? {
        index(at: instant).map { prices[$0] }
    }

    /// Reads `start,price` or `start,end,price` rows (a header line naming the columns first; `#`
    /// starts a comment). Times are ISO 8601, a local date or month, or Unix seconds.
    static func load(path: String, displayName: String, utcOffsetSeconds: Int64) throws(TariffError) -> PriceSeries {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw TariffError(
                .unreadableFile, file: displayName, "cannot read the price series: \(error.localizedDescription)")
        }
        var starts: [Int64] = []
        var explicitEnds: [Int64?] = []
        var prices: [Int64] = []
        var startColumn = -1
        var endColumn = -1
        var priceColumn = -1
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line =
                rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if priceColumn < 0 {
                startColumn = fields.firstIndex(of: "start") ?? -1
                endColumn = fields.firstIndex(of: "end") ?? -1
                priceColumn = fields.firstIndex(of: "price") ?? -1
                guard startColumn >= 0, priceColumn >= 0 else {
                    throw TariffError(
                        .invalidValue, file: displayName, line: offset + 1,
                        "the header must name the columns start, price and optionally end")
                }
                continue
            }
            guard fields.count > max(startColumn, priceColumn, endColumn),
                let start = InstantParser.parse(fields[startColumn], utcOffsetSeconds: utcOffsetSeconds)
            else {
                throw TariffError(
                    .invalidValue, file: displayName, keyPath: "start", line: offset + 1, "cannot read the start time")
            }
            guard let price = ScaledDecimal.parse(fields[priceColumn], decimals: 3) else {
                throw TariffError(
                    .invalidValue, file: displayName, keyPath: "price", line: offset + 1,
                    "expected a price per kWh with at most 3 decimals")
            }
            var end: Int64?
            if endColumn >= 0 {
                guard let parsed = InstantParser.parse(fields[endColumn], utcOffsetSeconds: utcOffsetSeconds),
                    parsed > start
                else {
                    throw TariffError(
                        .invalidValue, file: displayName, keyPath: "end", line: offset + 1,
                        "the end must be a time after the start")
                }
                end = parsed
            }
            if let last = starts.last, start <= last {
                throw TariffError(
                    .invalidValue, file: displayName, keyPath: "start", line: offset + 1,
                    "rows must be in increasing time order")
            }
            starts.append(start)
            explicitEnds.append(end)
            prices.append(price)
        }
        guard !starts.isEmpty else {
            throw TariffError(.invalidValue, file: displayName, "the price series has no rows")
        }
        var ends: [Int64] = []
        for index in starts.indices {
            if let end = explicitEnds[index] {
                if index + 1 < starts.count, end > starts[index + 1] {
                    throw TariffError(
                        .invalidValue, file: displayName, keyPath: "end", "row \(index + 1) overlaps the next row")
                }
                ends.append(end)
            } else if index + 1 < starts.count {
                ends.append(starts[index + 1])
            } else if index > 0 {
                ends.append(starts[index] + (starts[index] - starts[index - 1]))
            } else {
                ends.append(Int64.max)
            }
        }
        return PriceSeries(starts: starts, ends: ends, prices: prices, file: displayName)
    }
}
