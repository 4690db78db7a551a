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
    /// Mean outdoor temperature per interval (empty where the site measures none).
    package var outdoorTemperature: TemperatureSeries

    package init(
        pv: IntervalSeries, load: IntervalSeries, heatDemand: IntervalSeries, coolingDemand: IntervalSeries,
        outdoorTemperature: TemperatureSeries = TemperatureSeries()
    ) {
        self.pv = pv
        self.load = load
        self.heatDemand = heatDemand
        self.coolingDemand = coolingDemand
        self.outdoorTemperature = outdoorTemperature
    }
}

/// The four forecasts a plan is built on, each from its own pluggable forecaster.
package struct SiteForecaster: Sendable {
    package var pv: any Forecaster
    package var load: any Forecaster
    /// Heat and cooling demand from history alone: the forecast when the temperature regression is
    /// off or has too little to go on.
    package var heatDemand: any Forecaster
    package var coolingDemand: any Forecaster
    /// The outdoor temperature over the horizon; nil: no temperature forecast (and no regression).
    package var outdoorTemperature: (any OutdoorTemperatureForecaster)?
    /// Whether heat and cooling demand are regressed on the outdoor temperature when the history allows.
    package var regressesThermalDemand: Bool
    /// Days of history with both demand and temperature before the regression is used.
    package var regressionMinimumDays: Double

    package init(
        pv: any Forecaster, load: any Forecaster, heatDemand: any Forecaster, coolingDemand: any Forecaster,
        outdoorTemperature: (any OutdoorTemperatureForecaster)? = nil, regressesThermalDemand: Bool = false,
        regressionMinimumDays: Double = 7
    ) {
        self.pv = pv
        self.load = load
        self.heatDemand = heatDemand
        self.coolingDemand = coolingDemand
        self.outdoorTemperature = outdoorTemperature
        self.regressesThermalDemand = regressesThermalDemand
        self.regressionMinimumDays = regressionMinimumDays
    }

    /// The default set: clear-sky PV scaled by the last 3 days, loads from the same weekday of the last
    /// 3 weeks, heat and cooling regressed on the outdoor temperature (forecast from the site's normal,
    /// or the last week's hourly means, plus the current departure from it), or from the same hour of
    /// the last 3 days while less than a week of temperature has been recorded.
    package static func standard(
        latitudeDeg: Double, longitudeDeg: Double, temperatureNormal: TemperatureNormal? = nil
    ) -> SiteForecaster {
        SiteForecaster(
            pv: ClearSkyPVForecaster(latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg),
            load: ProfileForecaster(basis: .sameWeekday(weeks: 3)),
            heatDemand: ProfileForecaster(basis: .recentDays(days: 3)),
            coolingDemand: ProfileForecaster(basis: .recentDays(days: 3)),
            outdoorTemperature: AnomalyPersistenceTemperatureForecaster(normal: temperatureNormal),
            regressesThermalDemand: true)
    }

    /// Forecasts of every series for `steps` steps from `start`.
    package func forecast(
        from start: Int64, steps: Int, stepSeconds: Int64 = TimeGrid.quarterHourSeconds, history: SiteHistory
    ) -> SiteForecast {
        let temperature = outdoorTemperature?.forecast(
            from: start, steps: steps, stepSeconds: stepSeconds, history: history.outdoorTemperature)
        var notes: [String] = []
        func thermal(_ side: DegreeHourRegression.Side, _ fallback: any Forecaster, _ demand: IntervalSeries)
            -> [Double]
        {
            guard regressesThermalDemand else {
                return fallback.forecast(from: start, steps: steps, stepSeconds: stepSeconds, history: demand)
            }
            let outcome = DegreeHourForecaster(side: side, fallback: fallback, minimumDays: regressionMinimumDays)
                .forecast(
                    from: start, steps: steps, stepSeconds: stepSeconds, demand: demand,
                    temperature: history.outdoorTemperature, temperatureForecast: temperature)
            notes.append(outcome.note)
            return outcome.valuesWh
        }
        let heat = thermal(.heating, heatDemand, history.heatDemand)
        let cooling = thermal(.cooling, coolingDemand, history.coolingDemand)
        if let outdoorTemperature, temperature != nil {
            notes.insert("outdoor temperature: \(outdoorTemperature.name)", at: 0)
        }
        var forecast = SiteForecast(
            startUnixSeconds: start, stepSeconds: stepSeconds,
            pvWh: pv.forecast(from: start, steps: steps, stepSeconds: stepSeconds, history: history.pv),
            loadWh: load.forecast(from: start, steps: steps, stepSeconds: stepSeconds, history: history.load),
            heatDemandWh: heat, coolingDemandWh: cooling)
        forecast.outdoorTemperatureC = temperature
        forecast.notes = notes
        return forecast
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
    /// Outdoor temperature over the horizon, °C per step, when a forecaster gave one: the plan reads
    /// the heat pumps' COP at it.
    package var outdoorTemperatureC: [Double]?
    /// How each series was forecast, and why a simpler method stood in (shown with the plan).
    package var notes: [String] = []

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
