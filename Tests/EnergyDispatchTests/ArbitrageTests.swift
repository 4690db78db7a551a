import EnergyDispatch
import Testing

/// A connection point cannot buy from the grid and sell the same energy back: when the export price
/// (SMP) is above a cheap night import price, the plan must still export only what the village
/// generates.
@Suite struct ArbitrageTests {
    @Test(arguments: [SolverKind.clp, .glpk])
    func exportAboveTheImportPriceDoesNotTurnTheGridIntoAnArbitrage(solver: SolverKind) throws {
        let steps = 8
        var plant = PlantParameters()
        plant.gridImportLimitKW = 400
        plant.gridExportLimitKW = 400
        // No battery: what is tested is the grid alone (a battery may still store cheap energy and sell it).
        plant.battery.pcsPowerKW = 0
        let request = PlanRequest(
            startUnixSeconds: 1_750_086_000, pvForecastWh: Array(repeating: 0, count: steps),
            loadWh: Array(repeating: 5_000, count: steps), heatDemandWh: Array(repeating: 0, count: steps),
            coolingDemandWh: Array(repeating: 0, count: steps),
            outdoorTemperatureCelsius: Array(repeating: 20, count: steps),
            importPriceMilliWonPerKWh: Array(repeating: 121_000, count: steps),
            exportPriceMilliWonPerKWh: Array(repeating: 140_000, count: steps), plant: plant,
            initialState: PlantState(batteryEnergyKWh: plant.battery.minimumEnergyKWh, hotTankKWh: 0, coldTankKWh: 0))
        let plan = try OptimalStrategy(solver: solver.makeSolver()).plan(request)
        #expect(
            PlanInvariants.violations(of: plan, on: request).isEmpty,
            "\(PlanInvariants.violations(of: plan, on: request))")
        for step in plan.steps {
            #expect(step.gridExportWh < 1, "exported \(step.gridExportWh) Wh at night with nothing generated")
            #expect(abs(step.gridImportWh - 5_000) < 1, "imported \(step.gridImportWh) Wh for a 5,000 Wh load")
        }
    }
}
