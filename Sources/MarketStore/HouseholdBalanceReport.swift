import Market

/// A household's months as `village balance --json` prints them and `GET
/// /api/v1/households/{id}/balance` answers: every figure in integer Wh and milli-won.
///
/// One type for both, decoded by the `village` client from the server's answer and printed by the
/// same code as a local read, so the command's output cannot differ between the two.
package struct HouseholdBalanceReport: Codable, Sendable, Equatable {
    package struct Month: Codable, Sendable, Equatable {
        /// `YYYY-MM` (site local time), or for the total the month asked for or `all`.
        package var month: String
        package var transactions: Int
        package var producedWh, consumedWh, selfConsumedWh, boughtFromNeighboursWh, gridImportWh: Int64
        package var soldToNeighboursWh, gridExportWh: Int64
        package var moneyInMilliWon, moneyOutMilliWon, balanceMilliWon, gridOnlyCostMilliWon, savingsMilliWon: Int64
        /// Share of the consumption covered by own PV and neighbours; nil without consumption.
        package var selfSufficiency: Double?
        /// Quarter hours settled at a provisional export price, not yet trued up: the figures are
        /// provisional while this is above 0.
        package var provisionalIntervals: Int
        package var provisional: Bool

        package init(_ month: String, _ transactions: Int, _ s: ParticipantSummary, provisionalIntervals: Int) {
            self.month = month
            self.transactions = transactions
            self.provisionalIntervals = provisionalIntervals
            provisional = provisionalIntervals > 0
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

    package var household: String
    package var months: [Month]
    package var total: Month
    /// What a reader needs to know about provisional figures, or nil when there are none.
    package var provisionalNote: String?

    /// The report of `balances` (one household's, oldest month first); `month` is the month asked
    /// for, nil for every month in the ledger.
    package init(
        household: String, month: String?, balances: [MonthlyBalance],
        provisional: ProvisionalIntervals = ProvisionalIntervals([])
    ) {
        var total = ParticipantSummary(participant: .household(household))
        for balance in balances { total.add(balance.summary) }
        self.household = household
        months = balances.map {
            Month($0.month, $0.transactionCount, $0.summary, provisionalIntervals: provisional.count(month: $0.month))
        }
        self.total = Month(
            month ?? "all", balances.reduce(0) { $0 + $1.transactionCount }, total,
            provisionalIntervals: balances.reduce(0) { $0 + provisional.count(month: $1.month) })
        provisionalNote = self.total.provisional ? provisional.note(month: month) : nil
    }
}
