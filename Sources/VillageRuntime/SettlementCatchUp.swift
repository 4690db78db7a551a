import MarketStore
import VillageCore
import VillageStore

/// Settles every closed interval that the ledger does not hold yet, oldest first, and gives recent
/// intervals, and any interval whose meter data were written since the last run however old it
/// is, a second look for meter data that arrived late. Safe to run again at any moment: the
/// ledger refuses a second settlement of an interval, so a crash between two intervals, or a
/// restart, neither skips nor doubles one.
package struct SettlementCatchUp: Sendable {
    package var settlement: MeteredSettlement
    /// How far back intervals already settled are looked at again for late meter data (the
    /// collector estimates across gaps of up to a few hours once a meter answers again).
    package var correctionWindowSeconds: Int64

    package init(settlement: MeteredSettlement, correctionWindowSeconds: Int64 = 6 * 3600) {
        self.settlement = settlement
        self.correctionWindowSeconds = correctionWindowSeconds
    }

    /// What one catch-up did.
    package struct Outcome: Sendable, Hashable {
        package var settled = 0
        package var corrected = 0
        /// Closed intervals without any household's data yet (looked at again in later runs).
        package var withoutData = 0
        /// Households whose stored interval disagrees with what was settled (an operator must look).
        package var conflicts = 0
        /// End of the range settled (exclusive), platform time.
        package var settledUntil: Int64?
        /// Intervals re-priced at an SMP imported since they were settled.
        package var truedUp = 0
        /// Why the true-up failed this time (it is tried again on the next run); settlement itself
        /// never waits for it.
        package var trueUpFailure: String?
    }

    /// Settles the intervals that end at or before `closedUntil` (rounded down to a quarter hour),
    /// then trues up those settled before their hour's SMP was imported.
    package func run(closedUntil: Int64) async throws -> Outcome {
        var outcome = try await settle(closedUntil: closedUntil)
        do {
            outcome.truedUp = try await settlement.trueUpPrices().truedUp
        } catch {
            outcome.trueUpFailure = "\(error)"
        }
        return outcome
    }

    private func settle(closedUntil: Int64) async throws -> Outcome {
        let interval = MeteredSettlement.intervalSeconds
        let end = floorDivide(closedUntil, interval) * interval
        guard let first = try await settlement.store.firstHouseholdIntervalStart() else { return Outcome() }
        let firstStart = floorDivide(first, interval) * interval
        let next = try settlement.ledger.latestIntervalStart().map { $0 + interval } ?? firstStart
        var from = max(firstStart, min(next, end) - correctionWindowSeconds / interval * interval)
        // Data that arrived late for intervals further back (a meter silent for a day answers
        // again, and its counter difference is spread over the outage) are settled from there.
        let backlog = try await settlement.store.settlementBacklog()
        if let backlog { from = max(firstStart, min(from, floorDivide(backlog.earliestStart, interval) * interval)) }
        guard from < end else { return Outcome(settledUntil: next) }
        var outcome = Outcome(settledUntil: end)
        for report in try await settlement.settle(from: from, to: end) {
            switch report.action {
            case .settled: outcome.settled += 1
            case .corrected: outcome.corrected += 1
            case .noData: outcome.withoutData += 1
            case .unchanged: break
            }
            outcome.conflicts += report.conflictingHouseholds.count
        }
        return outcome
    }
}
