import VillageCore

/// What the planner needs forecast, from what the store measured: one series per quantity.
public struct SiteHistory: Sendable, Equatable, Codable {
    public var pv: IntervalSeries
    /// Household and plant load, heat pumps and battery excluded.
    public var load: IntervalSeries
    /// Thermal energy drawn from the hot tank.
    public var heatDemand: IntervalSeries
    /// Thermal energy drawn from the cold tank.
    public var coolingDemand: IntervalSeries

    public init(pv: IntervalSeries, load: IntervalSeries, heatDemand: IntervalSeries, coolingDemand: IntervalSeries) {
        self.pv = pv
        self.load = load
        self.heatDemand = heatDemand
        self.coolingDemand = coolingDemand
    }
}

/// The four forecasts a plan is built on, each from its own pluggable forecaster.
public struct SiteForecaster: Sendable {
    public var pv: any Forecaster
    public var load: any Forecaster
    public var heatDemand: any Forecaster
    public var coolingDemand: any Forecaster

    public init(pv: any Forecaster, load: any Forecaster, heatDemand: any Forecaster, coolingDemand: any Forecaster) {
        self.pv = pv
        self.load = load
        self.heatDemand = heatDemand
        self.coolingDemand = coolingDemand
    }

    /// The default set: clear-sky PV scaled by the last 3 days, loads from the same weekday of the last
    /// 3 weeks, heat and cooling from the same hour of the last 3 days (outdoor temperature is not stored).
    public static func standard(latitudeDeg: Double, longitudeDeg: Double) -> SiteForecaster {
        SiteForecaster(
            pv: ClearSkyPVForecaster(latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg),
            load: ProfileForecaster(basis: .sameWeekday(weeks: 3)),
            heatDemand: ProfileForecaster(basis: .recentDays(days: 3)),
            coolingDemand: ProfileForecaster(basis: .recentDays(days: 3)))
    }

    /// Forecasts of every series for `steps` steps from `start`.
    public func forecast(
        from start: Int64, steps: Int, stepSeconds: Int64 = TimeGrid.quarterHourSeconds, history: SiteHistory
    ) -> SiteForecast {
        SiteForecast(
            startUnixSeconds: start, stepSeconds: stepSeconds,
            pvWh: pv.forecast(from: start, steps: steps, stepSeconds: stepSeconds, history: history.pv),
            loadWh: load.forecast(from: start, steps: steps, stepSeconds: stepSeconds, history: history.load),
            heatDemandWh: heatDemand.forecast(
                from: start, steps: steps, stepSeconds: stepSeconds, history: history.heatDemand),
            coolingDemandWh: coolingDemand.forecast(
                from: start, steps: steps, stepSeconds: stepSeconds, history: history.coolingDemand))
    }
}

/// Forecast series over a horizon, Wh per step.
public struct SiteForecast: Sendable, Equatable, Codable {
    public var startUnixSeconds: Int64
    public var stepSeconds: Int64
    public var pvWh: [Double]
    public var loadWh: [Double]
    public var heatDemandWh: [Double]
    public var coolingDemandWh: [Double]
    /// Set by a source whose heat and cooling history is shorter than a day: its thermal forecasts
    /// are then guesses, and a controller should leave the heat pumps on their own thermostats.
    public var thermalHistoryIsShort = false

    public init(
        startUnixSeconds: Int64, stepSeconds: Int64, pvWh: [Double], loadWh: [Double], heatDemandWh: [Double],
        coolingDemandWh: [Double]
    ) {
        self.startUnixSeconds = startUnixSeconds
        self.stepSeconds = stepSeconds
        self.pvWh = pvWh
        self.loadWh = loadWh
        self.heatDemandWh = heatDemandWh
        self.coolingDemandWh = coolingDemandWh
    }
}
