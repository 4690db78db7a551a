/// Predicts one per-step energy series (PV, load, heat or cooling demand) from what was measured
/// before the forecast starts. Pluggable so that a better model (weather service, ML) can replace
/// one series without touching the planner.
package protocol Forecaster: Sendable {
    /// Shown in reports next to the forecast's error.
    var name: String { get }
    /// Wh per step for `steps` steps of `stepSeconds` from `start`; uses only history before `start`.
    func forecast(from start: Int64, steps: Int, stepSeconds: Int64, history: IntervalSeries) -> [Double]
}
