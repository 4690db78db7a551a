import EnergyDispatch
import Testing

/// Bad parameters are refused with a typed error naming the field, before any solve.
struct ValidationTests {
    static func base() -> PlanRequest { RandomScenario.request(seed: 7, steps: 96) }

    static func error(_ change: (inout PlanRequest) -> Void) -> DispatchError? {
        var request = base()
        change(&request)
        do {
            _ = try OptimalStrategy().plan(request)
            return nil
        } catch {
            return error
        }
    }

    @Test("SoC minimum above maximum")
    func socWindow() {
        let error = Self.error {
            $0.plant.battery.socMinFraction = 0.9
            $0.plant.battery.socMaxFraction = 0.2
        }
        #expect(error?.code == .invalidParameter)
        #expect(error?.field == "battery.socMinFraction")
    }

    @Test(
        "Negative capacities, NaN limits and impossible efficiencies name their field",
        arguments: [
            "battery.capacityKWh", "heating.tankCapacityKWh", "cooling.heatPumpMaxElectricKW", "gridImportLimitKW",
            "battery.chargeEfficiency", "tankShortfallPenaltyFactor", "tankChargeTarget",
        ])
    func badValues(field: String) {
        let error = Self.error { request in
            switch field {
            case "battery.capacityKWh": request.plant.battery.capacityKWh = -1
            case "heating.tankCapacityKWh": request.plant.heating.tankCapacityKWh = -5
            case "cooling.heatPumpMaxElectricKW": request.plant.cooling.heatPumpMaxElectricKW = -5
            case "gridImportLimitKW": request.plant.gridImportLimitKW = .nan
            case "tankShortfallPenaltyFactor": request.plant.tankShortfallPenaltyFactor = 0.5
            case "tankChargeTarget":
                request.plant.tankChargeTarget = TankChargeTarget(
                    minuteOfDay: 8 * 60, hotFraction: 1.5, coldFraction: 0.9)
            default: request.plant.battery.chargeEfficiency = 1.2
            }
        }
        #expect(error?.code == .invalidParameter)
        #expect(error?.field == field)
    }

    @Test("Series of the wrong length or with NaN name the series and step")
    func badSeries() {
        let short = Self.error { $0.loadWh.removeLast() }
        #expect(short?.code == .invalidSeries)
        #expect(short?.field == "loadWh")
        let nan = Self.error { $0.pvForecastWh[17] = .nan }
        #expect(nan?.field == "pvForecastWh")
        #expect(nan?.step == 17)
    }

    @Test("An unknown strategy lists the known ones")
    func unknownStrategy() {
        #expect(throws: DispatchError.self) { try StrategyName(parsing: "greedy") }
        do {
            _ = try StrategyName(parsing: "greedy")
        } catch {
            #expect(error.code == .unknownStrategy)
            #expect(error.message.contains("tou-rules"))
        }
        #expect((try? StrategyName(parsing: "self-consumption")) == .selfConsumption)
    }

    @Test("A reserve outside the SoC window is an infeasible reserve")
    func reserveOutsideWindow() {
        let error = Self.error {
            $0.plant.battery.socMaxFraction = 0.9
            $0.plant.reserve = SoCReserve(minuteOfDay: 18 * 60, socFraction: 0.95)
        }
        #expect(error?.code == .infeasibleReserve)
        #expect(error?.field == "reserve.socFraction")
    }

    @Test("A reserve the PCS cannot reach in time is an infeasible reserve naming the step")
    func unreachableReserve() throws {
        var request = Self.base()
        request.startUnixSeconds = 1_722_783_600  // 00:00 local
        request.plant.battery.capacityKWh = 400
        request.plant.battery.pcsPowerKW = 20
        request.plant.battery.socMinFraction = 0.1
        request.plant.battery.socMaxFraction = 1
        request.initialState.batteryEnergyKWh = 40
        request.plant.reserve = SoCReserve(minuteOfDay: 60, socFraction: 0.9)
        do {
            _ = try OptimalStrategy().plan(request)
            Issue.record("no error")
        } catch {
            #expect(error.code == .infeasibleReserve)
            #expect(error.step == 3)
        }
    }

    @Test("A reachable reserve is held at its time of day")
    func reserveHeld() throws {
        var request = Self.base()
        request.startUnixSeconds = 1_722_783_600
        request.plant.reserve = SoCReserve(minuteOfDay: 18 * 60, socFraction: request.plant.battery.socMaxFraction)
        let plan = try OptimalStrategy().plan(request)
        // The step ending at 18:00 local is step 71.
        #expect(plan.steps[71].batteryEnergyWh >= request.plant.battery.maximumEnergyKWh * 1000 - 1e-3)
    }
}
