/// One step of the forecast a dispatch plan was built on, as the controller made it at plan time:
/// whole Wh over the step starting at `stepStart`.
public struct ForecastStepRecord: Sendable, Hashable, Codable {
    /// When the plan was made, UTC Unix seconds.
    public var plannedAt: Int64
    /// UTC Unix seconds, aligned to the site's quarter hours.
    public var stepStart: Int64
    public var pvWh: Int64
    public var loadWh: Int64
    public var heatWh: Int64
    public var coolingWh: Int64

    public init(plannedAt: Int64, stepStart: Int64, pvWh: Int64, loadWh: Int64, heatWh: Int64, coolingWh: Int64) {
        self.plannedAt = plannedAt
        self.stepStart = stepStart
        self.pvWh = pvWh
        self.loadWh = loadWh
        self.heatWh = heatWh
        self.coolingWh = coolingWh
    }
}

/// The quantities a plan forecasts.
public enum ForecastQuantity: String, Sendable, Hashable, Codable, CaseIterable {
    case pv, load, heat, cooling
}

/// How far one local day's forecasts were from what was then recorded, for one quantity: every
/// forecast step of every plan that fell in the day, compared with the recorded interval.
public struct ForecastErrorRecord: Sendable, Hashable, Codable {
    /// Local midnight that begins the day, UTC Unix seconds.
    public var dayStart: Int64
    public var quantity: ForecastQuantity
    /// Forecast steps that had a recorded interval to compare with.
    public var comparedSteps: Int
    /// Mean absolute error, Wh per 15-minute step.
    public var meanAbsoluteErrorWh: Double
    /// Mean of forecast − recorded, Wh per step (positive: the forecasts ran high).
    public var biasWh: Double
    /// Mean recorded value over the compared steps, Wh per step, to read the error against.
    public var recordedMeanWh: Double

    public init(
        dayStart: Int64, quantity: ForecastQuantity, comparedSteps: Int, meanAbsoluteErrorWh: Double, biasWh: Double,
        recordedMeanWh: Double
    ) {
        self.dayStart = dayStart
        self.quantity = quantity
        self.comparedSteps = comparedSteps
        self.meanAbsoluteErrorWh = meanAbsoluteErrorWh
        self.biasWh = biasWh
        self.recordedMeanWh = recordedMeanWh
    }
}
