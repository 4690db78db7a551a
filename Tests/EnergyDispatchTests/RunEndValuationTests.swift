import EnergyDispatch
import Testing

/// A backtest is priced with the whole run's value of the energy left at its end; the plans that see
/// that end must value it the same way, or the executed run is not the optimum of what it is priced at.
struct RunEndValuationTests {
    @Test(
        "MPC whose horizon covers the whole run costs what the one-shot optimum of the run costs",
        arguments: [(SyntheticVillage.Season.summer, UInt64(1)), (.winter, 2), (.summer, 7)])
    func wholeRunHorizonReproducesOneShot(season: SyntheticVillage.Season, seed: UInt64) throws {
        let request = BacktestTests.village(season, seed: seed).heatPumpsFollowingDemand()
        let oneShot = CostEvaluator.cost(of: try OptimalStrategy().plan(request), on: request)
        let mpc = try Backtest(strategy: OptimalStrategy(), horizonSteps: request.stepCount).run(request)
        #expect(mpc.failedPlans == 0)
        // Perfect foresight and one objective: every re-plan's optimum is the tail of the first plan,
        // so the executed run loses nothing against it (beyond the solver's tolerances).
        #expect(
            abs(mpc.cost.totalWon - oneShot.totalWon) <= 1e-6 * abs(oneShot.totalWon) + 1,
            "MPC ₩\(mpc.cost.totalWon), one-shot ₩\(oneShot.totalWon)")
    }

    @Test("A window reaching the run's end values stored energy at the run's prices, an earlier one at its own")
    func windowsAtTheEndCarryTheRunValues() throws {
        let request = BacktestTests.village(.summer, seed: 1)
        let run = request.terminalValues()
        // The last two hours are all light-load (95 ₩/kWh): by its own prices, that window would
        // value a stored kWh at 95 × η, well under the run's mean.
        var tail = request.window(from: request.stepCount - 8, count: 8, state: request.initialState)
        #expect(tail.terminalValues().battery < run.battery)
        tail.automaticTerminalValues = StoredEnergyValues(
            batteryMilliWonPerKWh: run.battery, hotTankMilliWonPerKWh: run.hot, coldTankMilliWonPerKWh: run.cold)
        #expect(tail.terminalValues() == run)
        // Values set explicitly in the plant win over the run's.
        tail.plant.terminal = .values(batteryMilliWonPerKWh: 1, hotTankMilliWonPerKWh: 2, coldTankMilliWonPerKWh: 3)
        #expect(tail.terminalValues() == (1, 2, 3))
    }
}
