import ArgumentParser
import Market
import MarketStore

/// `village balance --db PATH --household ID [--month YYYY-MM]`: what a household produced,
/// used, traded and paid, month by month, and what it saved against the grid alone.
struct BalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance", abstract: "A household's energy and money per month, from the ledger.")

    @OptionGroup var options: LedgerDatabaseOptions

    @Option(help: "The household's unit number, e.g. 101.")
    var household: String

    @Option(help: "One month, YYYY-MM (site local time); default: every month in the ledger.")
    var month: String?

    /// The JSON form: every figure in integer Wh and milli-won.
    struct Output: Encodable {
        struct Month: Encodable {
            var month: String
            var transactions: Int
            var producedWh, consumedWh, selfConsumedWh, boughtFromNeighboursWh, gridImportWh: Int64
            var soldToNeighboursWh, gridExportWh: Int64
            var moneyInMilliWon, moneyOutMilliWon, balanceMilliWon, gridOnlyCostMilliWon, savingsMilliWon: Int64
            var selfSufficiency: Double?
            /// Quarter hours of the month settled at a provisional export price, not yet trued up:
            /// the figures are provisional while this is above 0.
            var provisionalIntervals: Int
            var provisional: Bool { provisionalIntervals > 0 }

            init(_ month: String, _ transactions: Int, _ s: ParticipantSummary, provisionalIntervals: Int) {
                self.month = month
                self.transactions = transactions
                self.provisionalIntervals = provisionalIntervals
                producedWh = s.producedWh
                consumedWh = s.consumedWh
                selfConsumedWh = s.selfConsumedWh
                boughtFromNeighboursWh = s.boughtFromNeighboursWh
                gridImportWh = s.gridImportWh
                soldToNeighboursWh = s.soldToNeighboursWh
                gridExportWh = s.gridExportWh
                moneyInMilliWon = s.moneyInMilliWon
                moneyOutMilliWon = s.moneyOutMilliWon
                balanceMilliWon = s.balanceMilliWon
                gridOnlyCostMilliWon = s.gridOnlyCostMilliWon
                savingsMilliWon = s.savingsMilliWon
                selfSufficiency = s.selfSufficiency
            }

            enum CodingKeys: String, CodingKey {
                case month, transactions, producedWh, consumedWh, selfConsumedWh, boughtFromNeighboursWh,
                    gridImportWh, soldToNeighboursWh, gridExportWh, moneyInMilliWon, moneyOutMilliWon,
                    balanceMilliWon, gridOnlyCostMilliWon, savingsMilliWon, selfSufficiency, provisional,
                    provisionalIntervals
            }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(month, forKey: .month)
                try c.encode(transactions, forKey: .transactions)
                try c.encode(producedWh, forKey: .producedWh)
                try c.encode(consumedWh, forKey: .consumedWh)
                try c.encode(selfConsumedWh, forKey: .selfConsumedWh)
                try c.encode(boughtFromNeighboursWh, forKey: .boughtFromNeighboursWh)
                try c.encode(gridImportWh, forKey: .gridImportWh)
                try c.encode(soldToNeighboursWh, forKey: .soldToNeighboursWh)
                try c.encode(gridExportWh, forKey: .gridExportWh)
                try c.encode(moneyInMilliWon, forKey: .moneyInMilliWon)
                try c.encode(moneyOutMilliWon, forKey: .moneyOutMilliWon)
                try c.encode(balanceMilliWon, forKey: .balanceMilliWon)
                try c.encode(gridOnlyCostMilliWon, forKey: .gridOnlyCostMilliWon)
                try c.encode(savingsMilliWon, forKey: .savingsMilliWon)
                try c.encodeIfPresent(selfSufficiency, forKey: .selfSufficiency)
                try c.encode(provisional, forKey: .provisional)
                try c.encode(provisionalIntervals, forKey: .provisionalIntervals)
            }
        }

        var household: String
        var months: [Month]
        var total: Month
    }

    func run() throws {
        let ledger = try SQLiteLedgerStore(readOnlyPath: options.databasePath)
        let balances = try ledger.householdBalances(household: household, month: month)
        var total = ParticipantSummary(participant: .household(household))
        for balance in balances { total.add(balance.summary) }
        let transactions = balances.reduce(0) { $0 + $1.transactionCount }
        let provisional = try ProvisionalIntervals(databasePath: options.databasePath)
        let provisionalTotal = balances.reduce(0) { $0 + provisional.count(month: $1.month) }
        if options.json {
            return try MarketFormatting.printJSON(
                Output(
                    household: household,
                    months: balances.map {
                        Output.Month(
                            $0.month, $0.transactionCount, $0.summary,
                            provisionalIntervals: provisional.count(month: $0.month))
                    },
                    total: Output.Month(month ?? "all", transactions, total, provisionalIntervals: provisionalTotal)))
        }
        guard !balances.isEmpty else {
            print("Household \(household): nothing settled\(month.map { " in \($0)" } ?? "") yet.")
            return
        }
        print("Household \(household) — energy in kWh, money in won (months in Asia/Seoul time)\n")
        let header = [
            "Month", "Produced", "Used", "Own PV", "From neighbours", "From grid", "To neighbours", "To grid",
            "Paid", "Received", "Balance", "Grid-only bill", "Saved",
        ]
        func row(_ label: String, _ s: ParticipantSummary) -> [String] {
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
        var rows = balances.map { row(provisional.count(month: $0.month) > 0 ? "\($0.month) *" : $0.month, $0.summary) }
        if balances.count > 1 { rows.append(row(provisionalTotal > 0 ? "Total *" : "Total", total)) }
        print(MarketFormatting.table(header, rows))
        if let note = provisional.note(month: month) { print("\n" + note) }
        if let share = total.selfSufficiency {
            print("\nSelf-sufficiency (own PV and neighbours): \(Int((share * 100).rounded())) %")
        }
        print("Saved against a grid-only bill for the same usage: \(MarketFormatting.won(total.savingsMilliWon))")
    }
}
