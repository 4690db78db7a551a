import Foundation
import VillageCore

/// The time resolution of exported interval data.
public enum ExportResolution: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// As stored: raw readings, and 15-minute intervals with their own quality flag.
    case raw
    /// 15-minute intervals (the same rows as `raw` for intervals).
    case quarterHour = "15m"
    /// Sums of the 15-minute intervals of each local hour.
    case hour = "1h"
    /// Sums of the 15-minute intervals of each local day.
    case day = "1d"

    public var description: String { rawValue }

    /// The length of an aggregation bucket, or nil when rows are exported one per stored interval.
    public var bucketSeconds: Int64? {
        switch self {
        case .raw, .quarterHour: nil
        case .hour: TimeGrid.hourSeconds
        case .day: TimeGrid.daySeconds
        }
    }

    /// Parses the value of `--resolution`.
    public init(argument: String) throws(ExportError) {
        guard let value = ExportResolution(rawValue: argument.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw ExportError(
                .invalidArgument, "--resolution",
                "unknown value \"\(argument)\"; expected one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = value
    }
}
