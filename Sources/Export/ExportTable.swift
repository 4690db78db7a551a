import Foundation

/// A kind of data that an export can contain; each becomes one file.
public enum ExportTable: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Raw device readings (counters and levels) as the collector stored them.
    case readings
    /// 15-minute interval energies and volumes with their quality flags, or their sums per hour/day.
    case intervals
    /// Market trades from the settlement ledger.
    case trades
    /// Dispatch plans and setpoints.
    case dispatch
    /// Device events (offline, online, counter resets, rejected values).
    case events

    public var description: String { rawValue }

    /// Parses the value of `--what`: one table name or `all`.
    public static func selection(from argument: String) throws(ExportError) -> [ExportTable] {
        let value = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if value == "all" { return allCases }
        guard let table = ExportTable(rawValue: value) else {
            throw ExportError(
                .invalidArgument, "--what",
                "unknown value \"\(argument)\"; expected one of \(allCases.map(\.rawValue).joined(separator: ", ")) or all"
            )
        }
        return [table]
    }
}
