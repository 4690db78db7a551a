import ArgumentParser
import MarketStore
import Tariffs
import VillageClient

/// `village balance [--db PATH] --household ID [--month YYYY-MM]`: what a household produced,
/// used, traded and paid, month by month, and what it saved against the grid alone.
struct BalanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance", abstract: "A household's energy and money per month, from the ledger.")

    @OptionGroup var options: ServerOrDatabaseOptions

    @Option(help: "The household's unit number, e.g. 101.")
    var household: String

    @Option(help: "One month, YYYY-MM (site local time); default: every month in the ledger.")
    var month: String?

    func run() async throws {
        let report: HouseholdBalanceReport
        switch try options.source() {
        case .database(let path):
            let ledger = try SQLiteLedgerStore(readOnlyPath: path)
            let balances = try ledger.householdBalances(household: household, month: month)
            report = HouseholdBalanceReport(
                household: household, month: month, balances: balances,
                provisional: try ProvisionalIntervals(
                    databasePath: path, month: month.flatMap { LocalMonth(iso: $0) }))
        case .server(let client):
            report = try await client.get(
                HouseholdBalanceReport.self, "households/\(VillageServerClient.pathSegment(household))/balance",
                query: ["month": month])
        }
        if options.json { return try MarketFormatting.printJSON(report) }
        Self.printText(report, month: month)
    }

    /// The table a person reads; from the report alone, so a local read and the server's answer
    /// print the same.
    static func printText(_ report: HouseholdBalanceReport, month: String?) {
        let household = report.household
        guard !report.months.isEmpty else {
            print("Household \(household): nothing settled\(month.map { " in \($0)" } ?? "") yet.")
            return
        }
        print("Household \(household) — energy in kWh, money in won (months in Asia/Seoul time)\n")
        let header = [
            "Month", "Produced", "Used", "Own PV", "From neighbours", "From grid", "To neighbours", "To grid",
            "Paid", "Received", "Balance", "Grid-only bill", "Saved",
        ]
        func row(_ label: String, _ s: HouseholdBalanceReport.Month) -> [String] {
            [
                label, MarketFormatting.kWh(s.producedWh), MarketFormatting.kWh(s.consumedWh),
                MarketFormatting.kWh(s.selfConsumedWh),
                MarketFormatting.kWh(s.boughtFromNeighboursWh), MarketFormatting.kWh(s.gridImportWh),
                MarketFormatting.kWh(s.soldToNeighboursWh), MarketFormatting.kWh(s.gridExportWh),
                MarketFormatting.won(s.moneyOutMilliWon), MarketFormatting.won(s.moneyInMilliWon),
                MarketFormatting.won(s.balanceMilliWon), MarketFormatting.won(s.gridOnlyCostMilliWon),
                MarketFormatting.won(s.savingsMilliWon),
            ]
        }
        var rows = report.months.map { row($0.provisional ? "\($0.month) *" : $0.month, $0) }
        if report.months.count > 1 { rows.append(row(report.total.provisional ? "Total *" : "Total", report.total)) }
        print(MarketFormatting.table(header, rows))
        if let note = report.provisionalNote { print("\n" + note) }
        if let share = report.total.selfSufficiency {
            print("\nSelf-sufficiency (own PV and neighbours): \(Int((share * 100).rounded())) %")
        }
        print(
            "Saved against a grid-only bill for the same usage: \(MarketFormatting.won(report.total.savingsMilliWon))")
    }
}
