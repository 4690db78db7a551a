/// How much one batch carries at most, so that a batch after a long outage stays a request that a
/// slow link finishes and the backend applies in one transaction of bounded size.
package struct UplinkLimits: Sendable, Equatable {
    package var intervals: Int
    package var events: Int
    package var ledgerTransactions: Int
    package var checkpoints: Int

    /// About a day of a 54-home village's intervals, or two days of its ledger.
    package static let standard = UplinkLimits(
        intervals: 5_000, events: 5_000, ledgerTransactions: 200, checkpoints: 200)

    package init(intervals: Int, events: Int, ledgerTransactions: Int, checkpoints: Int) {
        self.intervals = intervals
        self.events = events
        self.ledgerTransactions = ledgerTransactions
        self.checkpoints = checkpoints
    }
}
