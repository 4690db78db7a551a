import ArgumentParser
import Foundation
import PriceFeed
import VillageStore

/// `village prices import-smp FILE [--region mainland|jeju] --db DB`.
struct PricesImportSMPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-smp",
        abstract: "Import an hourly SMP file (one row per day, 24 hourly columns, won/kWh).",
        discussion: """
            The file is CSV in UTF-8, one row per trading day as the exchange's hourly SMP table is laid out: \
            a header naming the date \
            column (date, 기간, 거래일자 or tradeDay) and the hours 1h…24h (an hour is labelled by its end: \
            1h is 00:00-01:00 Korea time) or 0…23 (labelled by their start); max/min/average columns are \
            ignored. Dates are 2026-11-03, 2026.11.03 or 20261103.

            Importing the same values again changes nothing; a value that differs from the stored one is \
            kept as a revision (the earlier value stays) and becomes the hour's price. A bad row refuses the \
            whole file with the file, line and column at fault, and nothing is imported. `village run` trues \
            up intervals it settled before their price was imported.
            """)

    @Argument(help: "The SMP file (CSV, UTF-8).")
    var file: String

    @Option(help: "The price zone the file is for.")
    var region = SMPRegion.mainland

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    struct Output: Encodable {
        var file: String
        var region: String
        var hours: Int
        var added: Int
        var revised: Int
        var unchanged: Int
        var importedAt: Int64?
    }

    func run() async throws {
        let prices = try SMPFile.load(path: file)
        let store = try VillageStore(path: database.db)
        let now = Int64(Date().timeIntervalSince1970)
        let result = try await store.importPrices(
            prices, region: region, sourceFile: URL(fileURLWithPath: file).lastPathComponent, importedAt: now)
        let output = Output(
            file: file, region: region.rawValue, hours: prices.count, added: result.added, revised: result.revised,
            unchanged: result.unchanged, importedAt: result.importId == nil ? nil : now)
        if json { return try printJSON(output) }
        let dayCount = Set(prices.map { ($0.hourStart + SMPFile.utcOffsetSeconds) / 86_400 }).count
        let days = dayCount == 1 ? "1 day" : "\(dayCount) days"
        if result.importId == nil {
            print(
                "\(file): \(days) days, \(prices.count) hours of \(region.rawValue) SMP, all already stored; nothing changed"
            )
        } else {
            print(
                "\(file): \(days) days, \(prices.count) hours of \(region.rawValue) SMP: \(result.added) new, "
                    + "\(result.revised) revised (earlier values kept), \(result.unchanged) unchanged")
        }
    }
}
