import Market
import MarketStore

/// `GET /households/{id}/balance`: the same document `village balance --json` prints, built from
/// the same ledger query, every figure in integer Wh and milli-won.
struct HouseholdBalanceReport: Encodable {
    struct Month: Encodable {
        var month: String
        var transactions: Int
        var producedWh, consumedWh, selfConsumedWh, boughtFromNeighboursWh, gridImportWh: Int64
        var soldToNeighboursWh, gridExportWh: Int64
        var moneyInMilliWon, moneyOutMilliWon, balanceMilliWon, gridOnlyCostMilliWon, savingsMilliWon: Int64
        var selfSufficiency: Double?

        init(_ month: String, _ transactions: Int, _ s: ParticipantSummary) {
            self.month = month
            self.transactions = transactions
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
    }

    var household: String
    var months: [Month]
    var total: Month

    init(household: String, month: String?, balances: [MonthlyBalance]) {
        var total = ParticipantSummary(participant: .household(household))
        for balance in balances { total.add(balance.summary) }
        self.household = household
        months = balances.map { Month($0.month, $0.transactionCount, $0.summary) }
        self.total = Month(month ?? "all", balances.reduce(0) { $0 + $1.transactionCount }, total)
    }

    static var schema: JSONSchema {
        let wh = JSONSchema.integer
        let month = JSONSchema.record(
            [
                "month": .string(), "transactions": .integer, "producedWh": wh, "consumedWh": wh,
                "selfConsumedWh": wh, "boughtFromNeighboursWh": wh, "gridImportWh": wh, "soldToNeighboursWh": wh,
                "gridExportWh": wh, "moneyInMilliWon": wh, "moneyOutMilliWon": wh, "balanceMilliWon": wh,
                "gridOnlyCostMilliWon": wh, "savingsMilliWon": wh, "selfSufficiency": .number,
            ], optional: ["selfSufficiency"])
        return .record(["household": .string(), "months": .array(of: month), "total": month])
    }
}
