/// One participant's energy and money over a period, from the ledger alone: what
/// `village balance` shows a household.
public struct ParticipantSummary: Hashable, Sendable, Codable {
    public var participant: Participant
    public var producedWh: Int64 = 0
    public var consumedWh: Int64 = 0
    /// PV used behind the meter, interval by interval.
    public var selfConsumedWh: Int64 = 0
    public var boughtFromNeighboursWh: Int64 = 0
    public var soldToNeighboursWh: Int64 = 0
    public var gridImportWh: Int64 = 0
    public var gridExportWh: Int64 = 0
    public var moneyInMilliWon: Int64 = 0
    public var moneyOutMilliWon: Int64 = 0
    /// What the same metered usage would have cost with the grid alone (import at the
    /// participant's import price minus export at the export price, rounded as the market does).
    public var gridOnlyCostMilliWon: Int64 = 0

    public init(participant: Participant) {
        self.participant = participant
    }

    /// Money in minus money out over the period.
    public var balanceMilliWon: Int64 { moneyInMilliWon - moneyOutMilliWon }
    /// What the market actually cost (negative when the participant earned).
    public var netCostMilliWon: Int64 { moneyOutMilliWon - moneyInMilliWon }
    /// Grid-only cost minus actual cost; never negative for a household, by individual rationality.
    public var savingsMilliWon: Int64 { gridOnlyCostMilliWon - netCostMilliWon }
    /// Share of consumption met by own PV and neighbours, nil without consumption.
    public var selfSufficiency: Double? {
        consumedWh > 0 ? Double(selfConsumedWh + boughtFromNeighboursWh) / Double(consumedWh) : nil
    }
}
