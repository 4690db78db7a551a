import Foundation

extension Tariff {
    /// Bills for every local month of a usage CSV file (see `UsageCSV`).
    ///
    /// A bill knows intervals, not lines: an error about one interval (no supply in its period,
    /// charges out of range) is given the file and the line the interval was read from.
    public func bills(usageFile path: String, contractKW: Int? = nil) throws(TariffError) -> [Bill] {
        let rows = try UsageCSV.readRows(path: path, utcOffsetSeconds: utcOffsetSeconds)
        do {
            return try bills(usage: rows.map(\.interval), contractKW: contractKW)
        } catch {
            var named = error
            // Errors about the tariff file keep its name; usage errors carry none of their own.
            guard named.file == nil else { throw named }
            named.file = URL(fileURLWithPath: path).lastPathComponent
            if let instant = named.instant, let row = rows.first(where: { $0.interval.start == instant }) {
                named.line = row.line
            }
            throw named
        }
    }
}
