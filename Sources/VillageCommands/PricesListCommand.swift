import ArgumentParser
import Foundation
import MarketStore
import Tariffs
import VillageStore

/// `village prices list [--from T --to T] [--region R] [--revisions] --db DB [--json]`.
struct PricesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The imported hourly SMP: price, revision, source file and import time per hour.")

    @OptionGroup var options: LedgerDatabaseOptions

    @Option(help: "Hours starting at or after this local date or time (2026-11-03, 2026-11-03T13:00); default: all.")
    var from: String?

    @Option(help: "Hours starting before this local date or time (exclusive); default: all.")
    var to: String?

    @Option(help: "Only this price zone (mainland or jeju); default: both.")
    var region: SMPRegion?

    @Flag(help: "Every stored value of each hour, not only the newest.")
    var revisions = false

    struct Line: Encodable {
        var region: String
        var hourStart: Int64
        var localTime: String
        var priceMilliWonPerKWh: Int64
        var revision: Int
        var sourceFile: String
        var importedAt: Int64
    }

    func instant(_ text: String?, _ name: String, default value: Int64) throws -> Int64 {
        guard let text else { return value }
        guard let instant = InstantParser.parse(text, utcOffsetSeconds: LocalTime.offsetSeconds) else {
            throw ValidationError("\(name): '\(text)' is not a date or time (2026-11-03 or 2026-11-03T13:00)")
        }
        return instant
    }

    func run() throws {
        let start = try instant(from, "--from", default: .min)
        let end = try instant(to, "--to", default: .max)
        guard start < end else { throw ValidationError("--from must be before --to (--to is exclusive)") }
        let history = try VillageStore.priceHistory(
            path: options.databasePath, region: region, from: start, to: end, latestOnly: !revisions)
        let lines = history.map {
            Line(
                region: $0.region.rawValue, hourStart: $0.hourStart, localTime: LocalTime.format($0.hourStart),
                priceMilliWonPerKWh: $0.priceMilliWonPerKWh, revision: $0.revision, sourceFile: $0.sourceFile,
                importedAt: $0.importedAt)
        }
        if options.json { return try printJSON(lines) }
        guard !lines.isEmpty else {
            print(
                "No SMP imported\(from != nil || to != nil ? " in that period" : ""); see `village prices import-smp`.")
            return
        }
        print("SMP in ₩/kWh, hours in Korea time (an hour from its start); revision 0 is the first published value\n")
        print(
            MarketFormatting.table(
                ["Region", "Hour", "SMP", "Revision", "Source file", "Imported (UTC)"],
                lines.map {
                    [
                        $0.region, $0.localTime, MarketFormatting.pricePerKWh($0.priceMilliWonPerKWh), "\($0.revision)",
                        $0.sourceFile, Self.utc($0.importedAt),
                    ]
                }))
    }

    static func utc(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
