/// Predicts the outdoor temperature over a horizon: what the heat and cooling demand regression is
/// applied to, and what the plan's heat-pump COP is read at. Pluggable so that a weather service's
/// forecast can replace the default without touching the demand model.
package protocol OutdoorTemperatureForecaster: Sendable {
    /// Shown in the plan's forecast notes.
    var name: String { get }
    /// °C for `steps` steps of `stepSeconds` from `start`, using only history before `start`; nil
    /// when there is nothing to base a forecast on.
    func forecast(from start: Int64, steps: Int, stepSeconds: Int64, history: TemperatureSeries) -> [Double]?
}
