import ArgumentParser
import Market
import MarketStore
import Tariffs
import VillageClient

/// `village bill [--db PATH] --household ID --month YYYY-MM [--tariff NAME]`: a household's month on
/// one page — the utility tariff's bill for what its meter imported, then what the market moved
/// with neighbours and the grid, and what that saved against the grid alone.
struct BillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bill",
        abstract: "A household's monthly bill: tariff lines for its metered import, plus market lines from the ledger.")

    @OptionGroup var options: ServerOrDatabaseOptions

    @Option(help: "The household's unit number, e.g. 101.")
    var household: String

    @Option(help: "The month, YYYY-MM (site local time).")
    var month: String

    @Option(
        help:
            "The households' import tariff, a name in --tariffs-dir (default: \(Self.defaultTariff)); the server bills with its own."
    )
    var tariff: String?

    static let defaultTariff = "kepco-residential-low-voltage"

    @OptionGroup var tariffs: TariffsDirectoryOptions

    @Option(name: .customLong("contract-kw"), help: "Contract demand in kW, for tariffs with a per-kW base charge.")
    var contractKW: Int?

    func validate() throws {
        guard let parsed = LocalMonth(iso: month), parsed.description == month else {
            throw ValidationError("--month: '\(month)' is not a month as YYYY-MM (e.g. 2026-07)")
        }
        if let contractKW, contractKW <= 0 { throw ValidationError("--contract-kw must be positive") }
    }

    func run() async throws {
        let bill: HouseholdBill
        switch try options.source() {
        case .database(let path):
            let tariff = try tariffs.library.tariff(named: tariff ?? Self.defaultTariff)
            let ledger = try SQLiteLedgerStore(readOnlyPath: path)
            var local = try ledger.householdBill(
                household: household, month: month, tariff: tariff, contractKW: contractKW)
            local.mark(try ProvisionalIntervals(databasePath: path, month: LocalMonth(iso: month)))
            bill = local
        case .server(let client):
            guard tariff == nil, contractKW == nil else {
                throw ValidationError("--tariff and --contract-kw need --db: the server bills with the site's tariff")
            }
            bill = try await client.get(
                HouseholdBill.self, "households/\(VillageServerClient.pathSegment(household))/bill",
                query: ["month": month])
        }
        if options.json { return try MarketFormatting.printJSON(bill) }
        Self.printText(bill)
    }

    /// The bill as a person reads it; from the bill alone, so a local read and the server's answer
    /// print the same.
    static func printText(_ bill: HouseholdBill) {
        let household = bill.household
        let month = bill.month
        let m = bill.market
        print("Household \(household) — bill for \(month) (Asia/Seoul)\n")
        print(
            "Tariff \(bill.tariffBill.tariff) on the metered import: \(MarketFormatting.kWh(bill.meteredImportWh)) kWh"
                + " in \(bill.meteredIntervals) quarter hours"
                + (bill.tariffBill.highestTier.map { ", highest tier: \($0)" } ?? ""))
        let tariffRows = bill.tariffBill.lines.map { line -> [String] in
            let indent = line.kind == .energyDetail ? "    " : "  "
            let energy = line.energyWh.map(MarketFormatting.kWh) ?? ""
            let rate = line.rateMilliPerKWh.map(MarketFormatting.pricePerKWh) ?? ""
            let amount =
                line.kind == .energyDetail
                ? TariffFormatting.exact(milli: line.amountMilli) : MarketFormatting.won(line.amountMilli)
            return [indent + line.label, energy, rate, amount]
        }
        print(MarketFormatting.table(["", "kWh", "₩/kWh", "Amount"], tariffRows))
        print(
            "\nMarket, as settled in the ledger (\(m.transactions) transactions)"
                + (bill.provisional ? " — provisional *" : ""))
        var marketRows: [[String]] = [
            [
                "  Bought from neighbours", MarketFormatting.kWh(m.boughtFromNeighboursWh), "paid",
                MarketFormatting.won(m.paidToNeighboursMilliWon),
            ],
            [
                "  Sold to neighbours", MarketFormatting.kWh(m.soldToNeighboursWh), "received",
                MarketFormatting.won(m.receivedFromNeighboursMilliWon),
            ],
            [
                "  Imported from the grid", MarketFormatting.kWh(m.gridImportWh), "paid",
                MarketFormatting.won(m.paidForGridImportMilliWon),
            ],
            [
                "  Exported to the grid", MarketFormatting.kWh(m.gridExportWh), "received",
                MarketFormatting.won(m.receivedForGridExportMilliWon),
            ],
        ]
        if m.otherInMilliWon != 0 || m.otherOutMilliWon != 0 {
            marketRows.append([
                "  Corrections", "", "net", MarketFormatting.won(m.otherInMilliWon - m.otherOutMilliWon),
            ])
        }
        marketRows += [
            ["  Net market cost", "", "", MarketFormatting.won(m.netCostMilliWon)],
            ["  Same usage with the grid alone", "", "", MarketFormatting.won(m.gridOnlyCostMilliWon)],
            ["  Saved", "", "", MarketFormatting.won(m.savingsMilliWon)],
        ]
        print(MarketFormatting.table(["", "kWh", "", "Amount"], marketRows))
        if let note = bill.provisionalNote { print("\n" + note) }
        if m.transactions == 0 { print("\nNothing of this month is settled yet: run `village market settle`.") }
    }
}
