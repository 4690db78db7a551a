import Market
import Tariffs

/// A household's bill for one local month, as `village bill` prints it: what the utility's tariff
/// charges for the energy the household's meter imported, and what the market actually moved —
/// energy and money with neighbours and with the grid as settled in the ledger.
///
/// The tariff lines are the grid-only reference (the tariff engine's bill on the metered
/// `energy.import` of the month, exports left out because the market settles them); the market
/// lines are the ledger's figures, the same that `village balance` shows for the month.
public struct HouseholdBill: Sendable, Equatable, Codable {
    public var household: String
    /// `YYYY-MM`, site local time.
    public var month: String
    /// Metered intervals of `energy.import` in the month, and their sum.
    public var meteredIntervals: Int
    public var meteredImportWh: Int64
    /// The tariff engine's bill for that import.
    public var tariffBill: Bill
    public var market: MarketLines
    /// Quarter hours of the month settled at a provisional export price and not yet trued up: the
    /// market lines are provisional while this is above 0.
    public var provisionalIntervals: Int = 0
    /// Whether the market lines may still change when the official SMP is imported.
    public var provisional: Bool { provisionalIntervals > 0 }
    /// What a reader needs to know about provisional figures, or nil when there are none.
    public var provisionalNote: String?

    /// Marks the provisional intervals of the bill's month.
    package mutating func mark(_ provisional: ProvisionalIntervals) {
        provisionalIntervals = provisional.count(month: month)
        provisionalNote = provisional.note(month: month)
    }
}

extension HouseholdBill {
    /// The ledger's side of the month, split by purpose. Each posting counts by its sign as
    /// ``ParticipantSummary`` counts it, so the sums equal the balance's money in and out.
    public struct MarketLines: Sendable, Hashable, Codable {
        /// Settlements and corrections of the month that touched the household.
        public var transactions: Int
        public var boughtFromNeighboursWh: Int64 = 0
        public var paidToNeighboursMilliWon: Int64 = 0
        public var soldToNeighboursWh: Int64 = 0
        public var receivedFromNeighboursMilliWon: Int64 = 0
        public var gridImportWh: Int64 = 0
        public var paidForGridImportMilliWon: Int64 = 0
        public var gridExportWh: Int64 = 0
        public var receivedForGridExportMilliWon: Int64 = 0
        /// Money postings of a purpose against their usual direction (a correction's refund).
        public var otherInMilliWon: Int64 = 0
        public var otherOutMilliWon: Int64 = 0
        /// The same usage with the grid alone, priced per interval as the market does.
        public var gridOnlyCostMilliWon: Int64 = 0

        public init(transactions: Int) {
            self.transactions = transactions
        }

        public var moneyInMilliWon: Int64 {
            receivedFromNeighboursMilliWon + receivedForGridExportMilliWon + otherInMilliWon
        }
        public var moneyOutMilliWon: Int64 { paidToNeighboursMilliWon + paidForGridImportMilliWon + otherOutMilliWon }
        /// What the market cost the household (negative when it earned).
        public var netCostMilliWon: Int64 { moneyOutMilliWon - moneyInMilliWon }
        public var savingsMilliWon: Int64 { gridOnlyCostMilliWon - netCostMilliWon }

        /// Adds the positive and negative sums of one purpose and commodity.
        mutating func add(purpose: PostingPurpose, commodity: Commodity, positive: Int64, negative: Int64) {
            switch (purpose, commodity) {
            case (.peerTrade, .energyWh):
                boughtFromNeighboursWh += positive
                soldToNeighboursWh -= negative
            case (.peerTrade, .moneyMilliWon):
                receivedFromNeighboursMilliWon += positive
                paidToNeighboursMilliWon -= negative
            case (.gridImport, .energyWh):
                gridImportWh += positive + negative
            case (.gridImport, .moneyMilliWon):
                paidForGridImportMilliWon -= negative
                otherInMilliWon += positive
            case (.gridExport, .energyWh):
                gridExportWh -= positive + negative
            case (.gridExport, .moneyMilliWon):
                receivedForGridExportMilliWon += positive
                otherOutMilliWon -= negative
            }
        }
    }
}
