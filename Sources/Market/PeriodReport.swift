/// Balances and KPIs over a period [from, to) of interval starts, computed from ledger
/// transactions only, so `village balance` is a read of the store plus this.
public struct PeriodReport: Hashable, Sendable, Codable {
    public var fromIntervalStart: Int64
    public var toIntervalStart: Int64
    /// Households by id, then the storage.
    public var participants: [ParticipantSummary]
    public var community: CommunityKPIs

    public init(fromIntervalStart: Int64, toIntervalStart: Int64, participants: [ParticipantSummary], community: CommunityKPIs) {
        self.fromIntervalStart = fromIntervalStart
        self.toIntervalStart = toIntervalStart
        self.participants = participants
        self.community = community
    }

    /// Summarises the transactions whose interval starts in [from, to).
    public init(transactions: some Sequence<LedgerTransaction>, fromIntervalStart: Int64, toIntervalStart: Int64) {
        var summaries: [Participant: ParticipantSummary] = [:]
        var community = CommunityKPIs()
        for transaction in transactions
        where transaction.intervalStart >= fromIntervalStart && transaction.intervalStart < toIntervalStart {
            let prices = transaction.prices
            for reading in transaction.meterReadings {
                var summary = summaries[reading.participant] ?? ParticipantSummary(participant: reading.participant)
                summary.producedWh += reading.producedWh
                summary.consumedWh += reading.consumedWh
                summary.selfConsumedWh += reading.selfConsumedWh
                summary.gridOnlyCostMilliWon +=
                    MoneyRounding.gridImportCost(energyWh: reading.importWh, priceMilliWonPerKWh: prices.importPrice(for: reading.participant))
                    - MoneyRounding.gridImportCost(energyWh: reading.exportWh, priceMilliWonPerKWh: prices.exportMilliWonPerKWh)
                summaries[reading.participant] = summary
            }
            for posting in transaction.postings {
                let participant: Participant
                switch posting.account {
                case .household(let id): participant = .household(id)
                case .storage: participant = .storage
                case .grid:
                    if posting.commodity == .energyWh {
                        if posting.purpose == .gridImport { community.gridImportWh -= posting.amount }
                        if posting.purpose == .gridExport { community.gridExportWh += posting.amount }
                    }
                    continue
                case .operator: continue
                }
                var summary = summaries[participant] ?? ParticipantSummary(participant: participant)
                switch (posting.purpose, posting.commodity) {
                case (.peerTrade, .energyWh):
                    if posting.amount > 0 { summary.boughtFromNeighboursWh += posting.amount; community.energyTradedWh += posting.amount }
                    else { summary.soldToNeighboursWh -= posting.amount }
                case (.gridImport, .energyWh): summary.gridImportWh += posting.amount
                case (.gridExport, .energyWh): summary.gridExportWh -= posting.amount
                case (_, .moneyMilliWon):
                    if posting.amount > 0 { summary.moneyInMilliWon += posting.amount } else { summary.moneyOutMilliWon -= posting.amount }
                }
                summaries[participant] = summary
            }
        }
        let ordered = summaries.values.sorted { participantPrecedes($0.participant, $1.participant) }
        for summary in ordered {
            if summary.participant == .storage {
                community.storageChargedWh += summary.consumedWh
                community.storageDischargedWh += summary.producedWh
            } else {
                community.producedWh += summary.producedWh
                community.consumedWh += summary.consumedWh
                community.savingsMilliWon += summary.savingsMilliWon
            }
        }
        self.init(fromIntervalStart: fromIntervalStart, toIntervalStart: toIntervalStart, participants: ordered, community: community)
    }

    /// The summary of one participant, or an empty one if it has no entries in the period.
    public func summary(for participant: Participant) -> ParticipantSummary {
        participants.first { $0.participant == participant } ?? ParticipantSummary(participant: participant)
    }
}
