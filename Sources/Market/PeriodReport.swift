/// Balances and KPIs over a period [from, to) of interval starts, computed from ledger
/// transactions only, so `village balance` is a read of the store plus this.
public struct PeriodReport: Hashable, Sendable, Codable {
    public var fromIntervalStart: Int64
    public var toIntervalStart: Int64
    /// Households by id, then the storage.
    public var participants: [ParticipantSummary]
    public var community: CommunityKPIs

    public init(
        fromIntervalStart: Int64, toIntervalStart: Int64, participants: [ParticipantSummary], community: CommunityKPIs
    ) {
        self.fromIntervalStart = fromIntervalStart
        self.toIntervalStart = toIntervalStart
        self.participants = participants
        self.community = community
    }

    /// Summarises the transactions whose interval starts in [from, to).
    public init(transactions: some Sequence<LedgerTransaction>, fromIntervalStart: Int64, toIntervalStart: Int64) {
        var summaries: [Participant: ParticipantSummary] = [:]
        var community = CommunityKPIs()
        var repricing = GridOnlyRepricing()
        for transaction in transactions
        where transaction.intervalStart >= fromIntervalStart && transaction.intervalStart < toIntervalStart {
            for (participant, difference) in repricing.adjustments(for: transaction) {
                summaries[participant, default: ParticipantSummary(participant: participant)].gridOnlyCostMilliWon +=
                    difference
            }
            for reading in transaction.meterReadings {
                summaries[reading.participant, default: ParticipantSummary(participant: reading.participant)]
                    .add(reading, prices: transaction.prices)
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
                if posting.purpose == .peerTrade, posting.commodity == .energyWh, posting.amount > 0 {
                    community.energyTradedWh += posting.amount
                }
                summaries[participant, default: ParticipantSummary(participant: participant)].add(posting)
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
        self.init(
            fromIntervalStart: fromIntervalStart, toIntervalStart: toIntervalStart, participants: ordered,
            community: community)
    }

    /// The summary of one participant, or an empty one if it has no entries in the period.
    public func summary(for participant: Participant) -> ParticipantSummary {
        participants.first { $0.participant == participant } ?? ParticipantSummary(participant: participant)
    }
}
