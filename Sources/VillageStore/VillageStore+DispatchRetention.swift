import GRDB

extension VillageStore {
    /// Deletes the steps of stored dispatch plans that start before `cutoff` (UTC Unix seconds) and
    /// were never in force: a later plan was made at or before the step's start, or the plan itself
    /// was made after it. Returns how many went.
    ///
    /// The scheduler re-plans its whole horizon every interval, so nearly every stored step is
    /// superseded before it starts: about a hundred rows a step, a few hundred megabytes a year. The
    /// step in force is kept, for each step, however old: it is what the exports read as the plan
    /// ("the latest plan made at or before the step") and what the controller did, so the history
    /// a facility manager compares against stays whole.
    @discardableResult
    public func pruneSupersededPlanSteps(before cutoff: Int64) async throws(StoreError) -> Int {
        try await write("prune superseded dispatch plan steps") { db in
            try db.execute(
                sql: """
                    DELETE FROM dispatch_plans
                    WHERE step_start < :cutoff
                      AND (planned_at > step_start
                           OR EXISTS (SELECT 1 FROM dispatch_plans AS later
                                      WHERE later.planned_at > dispatch_plans.planned_at
                                        AND later.planned_at <= dispatch_plans.step_start))
                    """,
                arguments: ["cutoff": cutoff])
            return db.changesCount
        }
    }
}
