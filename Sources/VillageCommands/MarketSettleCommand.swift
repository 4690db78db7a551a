import ArgumentParser
import Foundation
import Market
import MarketStore
import Site
import Tariffs
import VillageRuntime
import VillageStore

/// `village market settle --site FILE --db PATH [--tariff NAME] [--export-tariff NAME] [--mechanism NAME] --from T [--to T]`:
/// settles the closed intervals in [from, to) from the metered data in the store, with the
/// site's households' preferences and its battery trading; re-running it settles what arrived
/// since (as corrections) and changes nothing else.
struct MarketSettleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Settle metered intervals into the ledger (idempotent; late data become corrections).")

    @OptionGroup var options: LedgerDatabaseOptions

    @OptionGroup var site: SiteOptions

    @OptionGroup var market: MarketOptions

    @Option(help: "k of the uniform-price auction, 0…1.")
    var k = 0.5

    @Option(help: "First interval, local time (e.g. 2026-01-01) or Unix seconds.")
    var from: String

    @Option(help: "End (exclusive); default: the last closed interval.")
    var to: String?

    struct Output: Encodable {
        var from: Int64
        var to: Int64
        var settled: Int
        var corrected: Int
        var unchanged: Int
        var noData: Int
        var missing: [String: Int]
        var conflicting: [String: Int]
        /// Intervals re-priced at an SMP imported since they were settled.
        var truedUp = 0
    }

    func validate() throws {
        do { _ = try (market.mechanism ?? .default).with(k: k) } catch {
            throw ValidationError("--mechanism/--k: \(error)")
        }
        _ = try range()
    }

    /// [from, to) in UTC seconds, on 15-minute boundaries.
    func range(now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> Range<Int64> {
        let calendar = SiteCalendar()
        guard let start = InstantParser.parse(from, utcOffsetSeconds: calendar.utcOffsetSeconds) else {
            throw ValidationError("--from: cannot read '\(from)' as a time (e.g. 2026-01-01 or 2026-01-01T09:00)")
        }
        let interval = MeteredSettlement.intervalSeconds
        guard
            let end = to.map({ InstantParser.parse($0, utcOffsetSeconds: calendar.utcOffsetSeconds) }) ?? now - now
                % interval
        else {
            throw ValidationError("--to: cannot read '\(to ?? "")' as a time")
        }
        guard start % interval == 0, end % interval == 0, start <= end else {
            throw ValidationError("--from and --to must be 15-minute boundaries with --from before --to")
        }
        return start..<end
    }

    func run() async throws {
        var settings = try market.marketSettings(site: try site.loadSite(), siteFile: site.site)
        settings.mechanism = try settings.mechanism.with(k: k)
        let range = try range()
        let (start, end) = (range.lowerBound, range.upperBound)
        // Settling writes: refuse a missing or foreign file before opening it read-write.
        _ = try SQLiteLedgerStore(readOnlyPath: options.databasePath)
        let store = try VillageStore(path: options.databasePath)
        let settlement = MeteredSettlement(
            store: store, ledger: SQLiteLedgerStore(store: store),
            settings: settings)
        let reports = try await settlement.settle(from: start, to: end)
        var output = Output(
            from: start, to: end, settled: 0, corrected: 0, unchanged: 0, noData: 0, missing: [:], conflicting: [:])
        for report in reports {
            switch report.action {
            case .settled: output.settled += 1
            case .corrected: output.corrected += 1
            case .unchanged: output.unchanged += 1
            case .noData: output.noData += 1
            }
            for id in report.missingHouseholds { output.missing[id, default: 0] += 1 }
            for id in report.conflictingHouseholds { output.conflicting[id, default: 0] += 1 }
        }
        output.truedUp = try await settlement.trueUpPrices().truedUp
        if options.json { return try MarketFormatting.printJSON(output) }
        print(
            "Intervals \(MarketFormatting.localTime(start)) – \(MarketFormatting.localTime(end)) (\(reports.count)), \(settlement.settings.mechanism.name):"
        )
        print(
            "  settled \(output.settled), corrected \(output.corrected), unchanged \(output.unchanged), no data \(output.noData)"
                + (output.truedUp > 0 ? ", trued up at the imported SMP \(output.truedUp)" : "")
        )
        if !output.missing.isEmpty {
            let list = output.missing.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(
                separator: ", ")
            print("  waiting for meter data: \(list)")
        }
        if !output.conflicting.isEmpty {
            let list = output.conflicting.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(
                separator: ", ")
            print("  meter data changed after settlement (kept as settled, check the meters): \(list)")
        }
    }
}
