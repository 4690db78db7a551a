import EnergyDispatch
import Testing

/// The MPC loop warm-starts each solve from the previous basis; that must change speed only.
struct WarmStartTests {
    @Test(
        "Warm-started re-plans reach the same optimum as cold solves, step after step", arguments: [UInt64(21), 22, 23])
    func sameOptimum(seed: UInt64) throws {
        var request = RandomScenario.request(seed: seed, steps: 96 + 40)
        request.plant.terminal = .automatic
        let strategy = OptimalStrategy()
        let simulator = PlantSimulator(request: request)
        var state = request.initialState
        var warmStart: OptimalStrategy.WarmStart?
        for index in 0..<40 {
            let window = request.window(from: index, count: 96, state: state)
            let warm = try strategy.plan(window, warmStart: warmStart)
            let cold = try strategy.plan(window)
            let warmObjective = try #require(warm.plan.objectiveWon)
            let coldObjective = try #require(cold.objectiveWon)
            #expect(
                abs(warmObjective - coldObjective) <= 1e-6 * max(1, abs(coldObjective)),
                "step \(index): warm \(warmObjective), cold \(coldObjective)")
            #expect(PlanInvariants.violations(of: warm.plan, on: window).isEmpty)
            warmStart = warm.warmStart
            state = simulator.step(index, from: state, intent: StepIntent(warm.plan.steps[0])).1
        }
    }
}
