import Tariffs
import VillageCore

/// One planning problem: per-step forecasts and prices over a horizon of equal steps, the plant
/// and its state at the start.
///
/// Horizons are 24–48 h of 15-minute steps for operation, up to a week or more for backtests.
/// Series are floating-point Wh per step (forecasts are physics, not meter readings); prices are the
/// tariff engine's integer milli-won per kWh, `nil` where the tariff supplies nothing (import) or
/// pays nothing (export).
public struct PlanRequest: Sendable, Equatable, Codable {
    /// UTC Unix seconds at the start of step 0.
    public var startUnixSeconds: Int64
    public var stepSeconds: Int64 = TimeGrid.quarterHourSeconds
    /// The site's local time offset (Asia/Seoul: +9 h), for the reserve's time of day.
    public var utcOffsetSeconds: Int64 = 9 * 3600
    public var pvForecastWh: [Double]
    /// Household and plant load, heat pumps excluded.
    public var loadWh: [Double]
    /// Thermal energy drawn from the hot tank per step.
    public var heatDemandWh: [Double]
    /// Thermal energy drawn from the cold tank per step.
    public var coolingDemandWh: [Double]
    public var outdoorTemperatureCelsius: [Double]
    public var importPriceMilliWonPerKWh: [Int64?]
    public var exportPriceMilliWonPerKWh: [Int64?]
    public var plant: PlantParameters
    public var initialState: PlantState
    /// How the series were forecast, and why a simpler method stood in where one did: the plan's
    /// reasons, for the manager reading it (nil for a request built by hand).
    public var forecastNotes: [String]?
    /// Under the automatic terminal condition, the stored energy's values to use instead of those
    /// derived from this request's own prices (nil: derive them). A backtest's windows that reach
    /// the run's end carry the whole run's values, so their plans value the energy left at the end
    /// as the executed run is priced.
    public var automaticTerminalValues: StoredEnergyValues?

    public init(
        startUnixSeconds: Int64, stepSeconds: Int64 = TimeGrid.quarterHourSeconds, utcOffsetSeconds: Int64 = 9 * 3600,
        pvForecastWh: [Double], loadWh: [Double], heatDemandWh: [Double], coolingDemandWh: [Double],
        outdoorTemperatureCelsius: [Double], importPriceMilliWonPerKWh: [Int64?], exportPriceMilliWonPerKWh: [Int64?],
        plant: PlantParameters, initialState: PlantState
    ) {
        self.startUnixSeconds = startUnixSeconds
        self.stepSeconds = stepSeconds
        self.utcOffsetSeconds = utcOffsetSeconds
        self.pvForecastWh = pvForecastWh
        self.loadWh = loadWh
        self.heatDemandWh = heatDemandWh
        self.coolingDemandWh = coolingDemandWh
        self.outdoorTemperatureCelsius = outdoorTemperatureCelsius
        self.importPriceMilliWonPerKWh = importPriceMilliWonPerKWh
        self.exportPriceMilliWonPerKWh = exportPriceMilliWonPerKWh
        self.plant = plant
        self.initialState = initialState
    }

    public var stepCount: Int { pvForecastWh.count }
    public var stepHours: Double { Double(stepSeconds) / 3600 }

    /// Sets both price series from a tariff timeline (`Tariff.priceTimeline`).
    public mutating func setPrices(_ timeline: [PriceStep]) {
        importPriceMilliWonPerKWh = timeline.map(\.importPriceMilliPerKWh)
        exportPriceMilliWonPerKWh = timeline.map(\.exportPriceMilliPerKWh)
    }

    /// `count` steps from `offset`, starting from `state`: the MPC loop's view of a longer request.
    public func window(from offset: Int, count: Int, state: PlantState) -> PlanRequest {
        let range = offset..<min(stepCount, offset + count)
        var window = self
        window.startUnixSeconds = startUnixSeconds + Int64(offset) * stepSeconds
        window.pvForecastWh = Array(pvForecastWh[range])
        window.loadWh = Array(loadWh[range])
        window.heatDemandWh = Array(heatDemandWh[range])
        window.coolingDemandWh = Array(coolingDemandWh[range])
        window.outdoorTemperatureCelsius = Array(outdoorTemperatureCelsius[range])
        window.importPriceMilliWonPerKWh = Array(importPriceMilliWonPerKWh[range])
        window.exportPriceMilliWonPerKWh = Array(exportPriceMilliWonPerKWh[range])
        window.initialState = state
        return window
    }

    /// Heating COP per step.
    public func heatingCOP(step: Int) -> Double { plant.heating.cop.cop(atCelsius: outdoorTemperatureCelsius[step]) }
    /// Cooling COP (EER) per step.
    public func coolingCOP(step: Int) -> Double { plant.cooling.cop.cop(atCelsius: outdoorTemperatureCelsius[step]) }

    /// The terminal values in force, milli-won per kWh (zero for `.targets`).
    public func terminalValues() -> (battery: Double, hot: Double, cold: Double) {
        switch plant.terminal {
        case .values(let battery, let hot, let cold): return (battery, hot, cold)
        case .targets: return (0, 0, 0)
        case .automatic:
            if let fixed = automaticTerminalValues {
                return (fixed.batteryMilliWonPerKWh, fixed.hotTankMilliWonPerKWh, fixed.coldTankMilliWonPerKWh)
            }
            let prices = importPriceMilliWonPerKWh.compactMap { $0 }.map(Double.init)
            guard let lowest = prices.min() else { return (0, 0, 0) }
            let mean = prices.reduce(0, +) / Double(prices.count)
            let steps = Double(max(stepCount, 1))
            let heatingCOP = (0..<stepCount).map(heatingCOP(step:)).reduce(0, +) / steps
            let coolingCOP = (0..<stepCount).map(coolingCOP(step:)).reduce(0, +) / steps
            return (mean * plant.battery.dischargeEfficiency, lowest / max(heatingCOP, 1), lowest / max(coolingCOP, 1))
        }
    }

    /// Index of the step at whose end the SoC reserve applies, for every day in the horizon.
    func reserveSteps() -> [Int] {
        guard let reserve = plant.reserve else { return [] }
        return (0..<stepCount).filter { step in
            let end = startUnixSeconds + Int64(step + 1) * stepSeconds + utcOffsetSeconds
            let minute = floorModulo(end, TimeGrid.daySeconds) / 60
            return minute == Int64(reserve.minuteOfDay)
        }
    }
}
