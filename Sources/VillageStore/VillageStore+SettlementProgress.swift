import GRDB

/// How far settlement has got with the closed intervals, for `village status`.
public struct SettlementProgress: Sendable, Hashable, Codable {
    /// Intervals the ledger holds a settlement for.
    public var settled: Int
    /// Of those, intervals where some household's electricity was estimated across a meter gap.
    public var estimated: Int
    /// Closed intervals with household data that the ledger does not hold yet, plus settled ones
    /// whose late meter data wait for a correction.
    public var pending: Int
}

extension VillageStore {
    /// Counts settled, estimated and pending intervals up to the interval starting at `lastClosed`.
    public func settlementProgress(lastClosed: Int64) async throws(StoreError) -> SettlementProgress {
        let intervalSeconds = configuration.intervalSeconds
        return try await read("settlement progress") { db in
            guard try db.tableExists("ledger_transactions") else {
                return SettlementProgress(settled: 0, estimated: 0, pending: 0)
            }
            let settled =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'settlement'") ?? 0
            let estimated =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(DISTINCT start) FROM intervals INDEXED BY intervals_estimated
                        WHERE quality = 1 AND owner_kind = 'household'
                            AND channel IN (?, ?, ?)
                            AND start IN (SELECT interval_start FROM ledger_transactions WHERE kind = 'settlement')
                        """,
                    arguments: [
                        MeteringChannel.energyImport.rawValue, MeteringChannel.energyExport.rawValue,
                        MeteringChannel.pvGeneration.rawValue,
                    ]) ?? 0
            // The interval holding the first poll has no start reading and never settles: count
            // from the first household interval with usable data.
            guard
                let first = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT start FROM intervals INDEXED BY intervals_by_start
                        WHERE owner_kind = 'household' AND quality > 0 ORDER BY start LIMIT 1
                        """), first <= lastClosed
            else { return SettlementProgress(settled: settled, estimated: estimated, pending: 0) }
            let closed = Int((lastClosed - first) / intervalSeconds) + 1
            let settledClosed =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM ledger_transactions
                        WHERE kind = 'settlement' AND interval_start >= ? AND interval_start <= ?
                        """, arguments: [first, lastClosed]) ?? 0
            let lateData =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(DISTINCT start) FROM settlement_backlog
                        WHERE start IN (SELECT interval_start FROM ledger_transactions)
                        """) ?? 0
            return SettlementProgress(
                settled: settled, estimated: estimated, pending: closed - settledClosed + lateData)
        }
    }
}
