import VillageCore

/// Measured outdoor temperature per settlement interval (the interval's mean), keyed by interval
/// start (UTC Unix seconds). Intervals without a reading are absent.
package struct TemperatureSeries: Sendable, Equatable, Codable {
    package var stepSeconds: Int64
    package var celsius: [Int64: Double]

    package init(stepSeconds: Int64 = TimeGrid.quarterHourSeconds, celsius: [Int64: Double] = [:]) {
        self.stepSeconds = stepSeconds
        self.celsius = celsius
    }

    package subscript(start: Int64) -> Double? { celsius[start] }

    /// The part with `from <= start < to`.
    package func window(from: Int64, to: Int64) -> TemperatureSeries {
        TemperatureSeries(stepSeconds: stepSeconds, celsius: celsius.filter { $0.key >= from && $0.key < to })
    }
}
