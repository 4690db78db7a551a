/// Keeps the grid-only baseline of a summary at the grid prices in force.
///
/// A participant's grid-only cost for an interval is its metered usage priced at the prices the
/// interval settles against now: the settlement's, or after a price true-up the official ones
/// (otherwise "saved" would compare a bill at the official price with a baseline at the
/// provisional one). Every transaction of an interval carries the prices in force when it was
/// appended, and only a price true-up changes them, so a transaction whose prices differ from
/// those before it in its interval re-prices every reading of the interval so far. What it adds
/// to each participant's baseline is that difference; added up over the interval's transactions,
/// the baseline equals the readings priced at the interval's latest prices.
public struct GridOnlyRepricing: Sendable {
    private struct Interval: Sendable {
        var prices: GridPrices
        var readings: [MeterReading]
    }

    private var intervals: [Int64: Interval] = [:]
    private let participant: Participant?

    /// Follows every participant, or only `participant` (what a single summary needs).
    public init(only participant: Participant? = nil) {
        self.participant = participant
    }

    /// Takes the next transaction (in ledger order) and returns what it changes in each
    /// participant's grid-only cost for readings of its interval from earlier transactions: those
    /// readings priced at its prices minus priced at the prices before it. Participants whose
    /// baseline does not change are left out; its own readings are the caller's to add.
    public mutating func adjustments(for transaction: LedgerTransaction) -> [Participant: Int64] {
        let own = transaction.meterReadings.filter { participant == nil || $0.participant == participant }
        guard var interval = intervals[transaction.intervalStart] else {
            intervals[transaction.intervalStart] = Interval(prices: transaction.prices, readings: own)
            return [:]
        }
        var result: [Participant: Int64] = [:]
        if interval.prices != transaction.prices {
            for reading in interval.readings {
                let difference =
                    ParticipantSummary.gridOnlyCost(of: reading, prices: transaction.prices)
                    - ParticipantSummary.gridOnlyCost(of: reading, prices: interval.prices)
                if difference != 0 { result[reading.participant, default: 0] += difference }
            }
            interval.prices = transaction.prices
        }
        interval.readings += own
        intervals[transaction.intervalStart] = interval
        return result
    }
}
