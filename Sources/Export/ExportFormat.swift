import Foundation

/// The file format of an export.
public enum ExportFormat: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// RFC 4180 CSV, UTF-8, CRLF line ends, one header line with units in the column names.
    case csv
    /// JSON Lines: one JSON object per line, keys as the CSV column names.
    case jsonl
    /// NGSI-LD entities (normalised form) in a JSON array, ready for a broker's batch upsert.
    case ngsiLD = "ngsi-ld"

    public var description: String { rawValue }

    /// The file name of one table in this format.
    public func fileName(for table: ExportTable) -> String { fileName(forResource: table.rawValue) }

    /// The file name of one resource (a table, or one file of a table written as several).
    public func fileName(forResource name: String) -> String {
        switch self {
        case .csv: "\(name).csv"
        case .jsonl: "\(name).jsonl"
        case .ngsiLD: "\(name).ngsi-ld.json"
        }
    }

    /// Parses the value of `--format`.
    public init(argument: String) throws(ExportError) {
        guard let value = ExportFormat(rawValue: argument.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw ExportError(
                .invalidArgument, "--format",
                "unknown value \"\(argument)\"; expected one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = value
    }
}
