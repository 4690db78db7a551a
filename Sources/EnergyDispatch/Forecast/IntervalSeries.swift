import VillageCore

/// Measured energy per settlement interval, keyed by interval start (UTC Unix seconds): what a
/// forecaster learns from. Intervals that were not measured are simply absent.
public struct IntervalSeries: Sendable, Equatable, Codable {
    public var stepSeconds: Int64
    public var valuesWh: [Int64: Double]

    public init(stepSeconds: Int64 = TimeGrid.quarterHourSeconds, valuesWh: [Int64: Double] = [:]) {
        self.stepSeconds = stepSeconds
        self.valuesWh = valuesWh
    }

    public subscript(start: Int64) -> Double? { valuesWh[start] }

    /// The part with `from <= start < to`.
    public func window(from: Int64, to: Int64) -> IntervalSeries {
        IntervalSeries(stepSeconds: stepSeconds, valuesWh: valuesWh.filter { $0.key >= from && $0.key < to })
    }
}
