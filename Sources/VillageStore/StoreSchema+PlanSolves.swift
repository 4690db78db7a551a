import GRDB

extension StoreSchema {
    /// How long each plan's solve took (migration `v10-plan-solve-times`).
    ///
    /// - `dispatch_plan_solves`: one row per plan the controller made: when, with which strategy, and
    ///   the wall time of the strategy's solve (the LP for `optimal`), for `/metrics` and the
    ///   manager's view of the controller's load. Independent of every other table.
    static func createPlanSolveTimes(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE dispatch_plan_solves (
                    planned_at INTEGER PRIMARY KEY NOT NULL,
                    strategy TEXT NOT NULL,
                    solve_seconds REAL NOT NULL CHECK (solve_seconds >= 0)
                );
                """)
    }
}
