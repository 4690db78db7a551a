import Foundation

/// Reads a household's metered usage for billing: CSV with a header naming `start`, `import_wh`
/// and optionally `export_wh`; `start` is ISO 8601 (local time when it has no offset) or Unix seconds.
public enum UsageCSV {
    /// Reads the file at `path`; errors name the file, the column and the line.
    public static func read(path: String, utcOffsetSeconds: Int64 = 32_400) throws(TariffError) -> [UsageInterval] {
        let display = URL(fileURLWithPath: path).lastPathComponent
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw TariffError(.unreadableFile, file: display, "cannot read the usage file: \(error.localizedDescription)")
        }
        return try parse(text, file: display, utcOffsetSeconds: utcOffsetSeconds)
    }

    /// Parses CSV text; `file` names it in errors.
    public static func parse(_ text: String, file: String, utcOffsetSeconds: Int64 = 32_400) throws(TariffError) -> [UsageInterval] {
        var columns: (start: Int, importWh: Int, exportWh: Int?)?
        var result: [UsageInterval] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let known = columns else {
                guard let start = fields.firstIndex(of: "start"), let importWh = fields.firstIndex(of: "import_wh") else {
                    throw TariffError(.invalidUsage, file: file, line: offset + 1, "the header must name the columns start and import_wh (and optionally export_wh)")
                }
                columns = (start, importWh, fields.firstIndex(of: "export_wh"))
                continue
            }
            guard fields.count > max(known.start, known.importWh, known.exportWh ?? 0) else {
                throw TariffError(.invalidUsage, file: file, line: offset + 1, "expected \(max(known.start, known.importWh, known.exportWh ?? 0) + 1) fields")
            }
            guard let start = InstantParser.parse(fields[known.start], utcOffsetSeconds: utcOffsetSeconds) else {
                throw TariffError(.invalidUsage, file: file, keyPath: "start", line: offset + 1, "cannot read the time '\(fields[known.start])'")
            }
            guard let importWh = Int64(fields[known.importWh]), importWh >= 0 else {
                throw TariffError(.invalidUsage, file: file, keyPath: "import_wh", line: offset + 1, "expected a whole number of Wh ≥ 0")
            }
            var exportWh: Int64 = 0
            if let column = known.exportWh {
                guard let value = Int64(fields[column]), value >= 0 else {
                    throw TariffError(.invalidUsage, file: file, keyPath: "export_wh", line: offset + 1, "expected a whole number of Wh ≥ 0")
                }
                exportWh = value
            }
            if let last = result.last, start < last.start {
                throw TariffError(.invalidUsage, file: file, keyPath: "start", line: offset + 1, "rows must be in time order")
            }
            result.append(UsageInterval(start: start, importWh: importWh, exportWh: exportWh))
        }
        return result
    }
}
