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
    /// participant's import price minus export at the export price, rounded as the market does),
    /// at the prices each interval settles against now: after a price true-up, the official ones.
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

extension ParticipantSummary {
    /// One participant's summary over [from, to) of interval starts, touching only its own
    /// readings and postings: what `village balance --household` needs.
    public init(
        participant: Participant, transactions: some Sequence<LedgerTransaction>,
        fromIntervalStart: Int64, toIntervalStart: Int64
    ) {
        self.init(participant: participant)
        let account = participant.account
        var repricing = GridOnlyRepricing(only: participant)
        for transaction in transactions
        where transaction.intervalStart >= fromIntervalStart && transaction.intervalStart < toIntervalStart {
            gridOnlyCostMilliWon += repricing.adjustments(for: transaction)[participant] ?? 0
            for reading in transaction.meterReadings where reading.participant == participant {
                add(reading, prices: transaction.prices)
            }
            for posting in transaction.postings where posting.account == account {
                add(posting)
            }
        }
    }

    mutating func add(_ reading: MeterReading, prices: GridPrices) {
        add(
            reading, importPriceMilliWonPerKWh: prices.importPrice(for: reading.participant),
            exportPriceMilliWonPerKWh: prices.exportMilliWonPerKWh)
    }

    /// Adds one interval's meter reading, priced at that interval's grid prices for the
    /// grid-only baseline. Public so that a database store can build a summary from indexed rows
    /// without decoding whole transactions.
    public mutating func add(
        _ reading: MeterReading, importPriceMilliWonPerKWh: Int64, exportPriceMilliWonPerKWh: Int64
    ) {
        producedWh += reading.producedWh
        consumedWh += reading.consumedWh
        selfConsumedWh += reading.selfConsumedWh
        gridOnlyCostMilliWon += Self.gridOnlyCost(
            of: reading, importPriceMilliWonPerKWh: importPriceMilliWonPerKWh,
            exportPriceMilliWonPerKWh: exportPriceMilliWonPerKWh)
    }

    /// What one interval's metered usage would cost with the grid alone: the net import at the
    /// import price minus the net export at the export price, each rounded as the market does.
    public static func gridOnlyCost(
        of reading: MeterReading, importPriceMilliWonPerKWh: Int64, exportPriceMilliWonPerKWh: Int64
    ) -> Int64 {
        MoneyRounding.gridImportCost(energyWh: reading.importWh, priceMilliWonPerKWh: importPriceMilliWonPerKWh)
            - MoneyRounding.gridImportCost(energyWh: reading.exportWh, priceMilliWonPerKWh: exportPriceMilliWonPerKWh)
    }

    /// ``gridOnlyCost(of:importPriceMilliWonPerKWh:exportPriceMilliWonPerKWh:)`` at an interval's prices.
    public static func gridOnlyCost(of reading: MeterReading, prices: GridPrices) -> Int64 {
        gridOnlyCost(
            of: reading, importPriceMilliWonPerKWh: prices.importPrice(for: reading.participant),
            exportPriceMilliWonPerKWh: prices.exportMilliWonPerKWh)
    }

    /// Adds one of the participant's postings.
    public mutating func add(_ posting: Posting) {
        switch (posting.purpose, posting.commodity) {
        case (.peerTrade, .energyWh):
            if posting.amount > 0 {
                boughtFromNeighboursWh += posting.amount
            } else {
                soldToNeighboursWh -= posting.amount
            }
        case (.gridImport, .energyWh): gridImportWh += posting.amount
        case (.gridExport, .energyWh): gridExportWh -= posting.amount
        case (_, .moneyMilliWon):
            if posting.amount > 0 { moneyInMilliWon += posting.amount } else { moneyOutMilliWon -= posting.amount }
        }
    }
}

extension ParticipantSummary {
    /// Adds another period of the same participant (months into a year).
    public mutating func add(_ other: ParticipantSummary) {
        producedWh += other.producedWh
        consumedWh += other.consumedWh
        selfConsumedWh += other.selfConsumedWh
        boughtFromNeighboursWh += other.boughtFromNeighboursWh
        soldToNeighboursWh += other.soldToNeighboursWh
        gridImportWh += other.gridImportWh
        gridExportWh += other.gridExportWh
        moneyInMilliWon += other.moneyInMilliWon
        moneyOutMilliWon += other.moneyOutMilliWon
        gridOnlyCostMilliWon += other.gridOnlyCostMilliWon
    }
}
