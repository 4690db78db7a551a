import GRDB
import VillageCore

extension VillageStore {
    /// Records that the plan made at `plannedAt` with `strategy` took `solveSeconds` to solve; a
    /// plan made again at the same time replaces the earlier one's figure, as its steps do.
    public func recordPlanSolve(plannedAt: Int64, strategy: String, solveSeconds: Double) async throws(StoreError) {
        guard !strategy.isEmpty else { throw error(.invalidValue, "dispatch plan strategy", "is empty") }
        guard solveSeconds.isFinite && solveSeconds >= 0 else {
            throw error(.invalidValue, "dispatch plan solve time", "is \(solveSeconds), not a duration")
        }
        try await write("record dispatch plan solve time") { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO dispatch_plan_solves (planned_at, strategy, solve_seconds)
                    VALUES (?, ?, ?)
                    """,
                arguments: [plannedAt, strategy, solveSeconds])
        }
    }

    /// The solve time of the latest plan, seconds, or nil before the first timed plan.
    public func lastPlanSolveSeconds() async throws(StoreError) -> Double? {
        try await read("last plan solve time") { db in
            try Double.fetchOne(
                db, sql: "SELECT solve_seconds FROM dispatch_plan_solves ORDER BY planned_at DESC LIMIT 1")
        }
    }
}
