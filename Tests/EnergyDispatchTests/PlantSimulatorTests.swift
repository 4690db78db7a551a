import EnergyDispatch
import Testing

/// The shared physics: optional charging and heat pumping give way at the grid limit before load
/// goes unserved, and wanted energy is clamped to what the devices and stores allow.
struct PlantSimulatorTests {
    @Test(
        "At the import limit, charging and extra heat pumping give way; needed pumping and load are served",
        arguments: [UInt64](400..<420))
    func gridLimitPriority(seed: UInt64) {
        var request = RandomScenario.request(seed: seed, steps: 1)
        request.pvForecastWh = [0]
        request.initialState.hotTankKWh = 0
        request.initialState.coldTankKWh = 0
        // Exactly enough import for the load and what the tanks need this step, plus 1 kWh.
        let needed =
            request.heatDemandWh[0] / request.heatingCOP(step: 0) + request.coolingDemandWh[0]
            / request.coolingCOP(step: 0)
        request.plant.gridImportLimitKW = (request.loadWh[0] + needed + 1_000) / 250
        let simulator = PlantSimulator(request: request)
        let greedy = StepIntent(batteryWh: 1e9, heatingWh: 1e9, coolingWh: 1e9)
        let (step, _) = simulator.step(0, from: request.initialState, intent: greedy)
        #expect(
            step.unservedLoadWh == 0 && step.unservedHeatWh == 0 && step.unservedCoolingWh == 0,
            "\(step) limit \(request.plant.gridImportLimitKW * 250) load \(request.loadWh[0]) needed \(needed)")
        #expect(step.gridImportWh <= request.plant.gridImportLimitKW * 250 + 1e-5)
        #expect(
            abs(step.gridImportWh - request.plant.gridImportLimitKW * 250) <= 1e-6, "the limit should be used fully")
    }

    @Test(
        "With a grid connection larger than load plus heat pumps, rule strategies leave nothing unserved",
        arguments: [UInt64](100..<130))
    func rulesServeEverything(seed: UInt64) throws {
        var request = RandomScenario.request(seed: seed)
        request.plant.gridImportLimitKW =
            250 + request.plant.heating.heatPumpMaxElectricKW + request.plant.cooling.heatPumpMaxElectricKW
        for name in [StrategyName.none, .selfConsumption, .touRules] {
            let cost = CostEvaluator.cost(of: try name.makeStrategy().plan(request), on: request)
            #expect(cost.unservedKWh == 0, "\(name.rawValue) left \(cost.unservedKWh) kWh unserved")
        }
    }
}
