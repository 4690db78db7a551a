import VillageCore

/// What the planner needs forecast, from what the store measured: one series per quantity.
package struct SiteHistory: Sendable, Equatable, Codable {
    package var pv: IntervalSeries
    /// Household and plant load, heat pumps and battery excluded.
    package var load: IntervalSeries
    /// Thermal energy drawn from the hot tank.
    package var heatDemand: IntervalSeries
    /// Thermal energy drawn from the cold tank.
    package var coolingDemand: IntervalSeries

    package init(pv: IntervalSeries, load: IntervalSeries, heatDemand: IntervalSeries, coolingDemand: IntervalSeries) {
        self.pv = pv
        self.load = load
        self.heatDemand = heatDemand
        self.coolingDemand = coolingDemand
    }
}

/// The four forecasts a plan is built on, each from its own pluggable forecaster.
package struct SiteForecaster: Sendable {
    package var pv: any Forecaster
    package var load: any Forecaster
    package var heatDemand: any Forecaster
    package var coolingDemand: any Forecaster

    package init(pv: any Forecaster, load: any Forecaster, heatDemand: any Forecaster, coolingDemand: any Forecaster) {
        self.pv = pv
        self.load = load
        self.heatDemand = heatDemand
        self.coolingDemand = coolingDemand
    }

    /// The default set: clear-sky PV scaled by the last 3 days, loads from the same weekday of the last
    /// 3 weeks, heat and cooling from the same hour of the last 3 days (outdoor temperature is not stored).
    package static func standard(latitudeDeg: Double, longitudeDeg: Double) -> SiteForecaster {
        SiteForecaster(
            pv: ClearSkyPVForecaster(latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg),
            load: ProfileForecaster(basis: .sameWeekday(weeks: 3)),
            heatDemand: ProfileForecaster(basis: .recentDays(days: 3)),
            coolingDemand: ProfileForecaster(basis: .recentDays(days: 3)))
    }

    /// Forecasts of every series for `steps` steps from `start`.
    package func forecast(
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
package struct SiteForecast: Sendable, Equatable, Codable {
    package var startUnixSeconds: Int64
    package var stepSeconds: Int64
    package var pvWh: [Double]
    package var loadWh: [Double]
    package var heatDemandWh: [Double]
    package var coolingDemandWh: [Double]
    /// Set by a source whose heat and cooling history is shorter than a day: its thermal forecasts
    /// are then guesses, and a controller should leave the heat pumps on their own thermostats.
    package var thermalHistoryIsShort = false

    package init(
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
