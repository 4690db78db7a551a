import EnergyDispatch
import Testing

/// Invariants every plan must satisfy, for every strategy, on seeded random scenarios.
struct PlanPropertyTests {
    static let seeds: [UInt64] = Array(100..<130)

    @Test(
        "Every strategy's plan keeps balances closed, flows within ratings and stores within bounds", arguments: seeds)
    func invariantsHold(seed: UInt64) throws {
        let request = RandomScenario.request(seed: seed)
        for name in StrategyName.allCases {
            let plan = try name.makeStrategy().plan(request)
            let problems = PlanInvariants.violations(of: plan, on: request)
            #expect(problems.isEmpty, "\(name.rawValue): \(problems.prefix(5))")
        }
    }

    @Test("The LP plan serves all load and thermal demand", arguments: seeds)
    func optimalServesEverything(seed: UInt64) throws {
        let request = RandomScenario.request(seed: seed)
        let plan = try OptimalStrategy().plan(request)
        #expect(plan.steps.allSatisfy { $0.unservedLoadWh == 0 && $0.unservedHeatWh == 0 && $0.unservedCoolingWh == 0 })
    }

    @Test("The LP's objective is the cost evaluator's total for its plan", arguments: seeds)
    func objectiveIsCost(seed: UInt64) throws {
        let request = RandomScenario.request(seed: seed)
        let plan = try OptimalStrategy().plan(request)
        let objective = try #require(plan.objectiveWon)
        let cost = CostEvaluator.cost(of: plan, on: request)
        #expect(
            abs(objective - cost.totalWon) <= 1e-6 * max(1, abs(objective)),
            "objective \(objective), evaluated \(cost.totalWon)")
    }

    @Test("Over one horizon, optimal is never costlier than any rule strategy", arguments: seeds)
    func optimalIsCheapest(seed: UInt64) throws {
        var request = RandomScenario.request(seed: seed)
        // A connection that carries load plus both heat pumps, so every rule plan is feasible.
        request.plant.gridImportLimitKW =
            250 + request.plant.heating.heatPumpMaxElectricKW + request.plant.cooling.heatPumpMaxElectricKW
        let optimal = CostEvaluator.cost(of: try OptimalStrategy().plan(request), on: request)
        for name in [StrategyName.none, .selfConsumption, .touRules] {
            let plan = try name.makeStrategy().plan(request)
            let rule = CostEvaluator.cost(of: plan, on: request)
            try #require(rule.unservedKWh == 0)
            #expect(
                optimal.totalWon <= rule.totalWon + 1e-6 * max(1, abs(rule.totalWon)),
                "\(name.rawValue) \(rule.totalWon) won < optimal \(optimal.totalWon) won")
        }
    }
}
