import GRDB
import VillageCore

extension VillageStore {
    /// Deletes the stored forecast steps that start before `cutoff` (UTC Unix seconds) and that no
    /// day's error computation will read again: those of a day whose errors are stored, and those of
    /// any day starting before `unscoredDaysFrom` (older than the computation looks back). Returns
    /// how many went.
    ///
    /// A step belongs to the day whose stored `forecast_errors.day_start` lies in the 24 hours up to
    /// its start, so the site's time zone is the one the errors were stored in.
    @discardableResult
    public func pruneForecastSteps(before cutoff: Int64, unscoredDaysFrom: Int64) async throws(StoreError) -> Int {
        try await write("prune dispatch forecasts") { db in
            try db.execute(
                sql: """
                    DELETE FROM dispatch_forecasts
                    WHERE step_start < :cutoff
                      AND (step_start < :unscoredFrom
                           OR EXISTS (SELECT 1 FROM forecast_errors
                                      WHERE day_start <= dispatch_forecasts.step_start
                                        AND day_start > dispatch_forecasts.step_start - :day))
                    """,
                arguments: ["cutoff": cutoff, "unscoredFrom": unscoredDaysFrom, "day": TimeGrid.daySeconds])
            return db.changesCount
        }
    }
}
