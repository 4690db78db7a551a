import VillageCore

/// Measured energy per settlement interval, keyed by interval start (UTC Unix seconds): what a
/// forecaster learns from. Intervals that were not measured are simply absent.
package struct IntervalSeries: Sendable, Equatable, Codable {
    package var stepSeconds: Int64
    package var valuesWh: [Int64: Double]

    package init(stepSeconds: Int64 = TimeGrid.quarterHourSeconds, valuesWh: [Int64: Double] = [:]) {
        self.stepSeconds = stepSeconds
        self.valuesWh = valuesWh
    }

    package subscript(start: Int64) -> Double? { valuesWh[start] }

    /// The part with `from <= start < to`.
    package func window(from: Int64, to: Int64) -> IntervalSeries {
        IntervalSeries(stepSeconds: stepSeconds, valuesWh: valuesWh.filter { $0.key >= from && $0.key < to })
    }
}
