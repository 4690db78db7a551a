/// Everything needed to settle one interval: the cleared trades, the prices they were cleared
/// under, and the meter readings available so far (missing meters are simply absent).
public struct IntervalSettlementInput: Hashable, Sendable {
    /// Start of the interval, UTC Unix seconds.
    public var intervalStart: Int64
    public var mechanism: Mechanism
    public var prices: GridPrices
    public var matches: [Match]
    public var meterReadings: [MeterReading]

    public init(
        intervalStart: Int64, mechanism: Mechanism, prices: GridPrices, matches: [Match], meterReadings: [MeterReading]
    ) {
        self.intervalStart = intervalStart
        self.mechanism = mechanism
        self.prices = prices
        self.matches = matches
        self.meterReadings = meterReadings
    }

    /// The input for a cleared book: its matches and mechanism.
    public init(intervalStart: Int64, clearing: ClearingResult, prices: GridPrices, meterReadings: [MeterReading]) {
        self.init(
            intervalStart: intervalStart, mechanism: clearing.mechanism, prices: prices,
            matches: clearing.matches, meterReadings: meterReadings)
    }
}
