import EnergyDispatch
import Testing

/// The MPC loop on the synthetic village: state carried, physics respected, optimal cheapest.
struct BacktestTests {
    static func village(_ season: SyntheticVillage.Season, seed: UInt64) -> PlanRequest {
        var request = SyntheticVillage.request(season: season, days: 2, seed: seed)
        // A three-level time-of-use tariff with a lower export price, so every strategy has a reason to act.
        for step in 0..<request.stepCount {
            let hour = (step / 4) % 24
            let price: Int64 =
                hour < 8 || hour >= 22
                ? 95_000 : (hour >= 10 && hour < 12) || (hour >= 17 && hour < 21) ? 240_000 : 150_000
            request.importPriceMilliWonPerKWh[step] = price
            request.exportPriceMilliWonPerKWh[step] = 80_000
        }
        return request
    }

    @Test(
        "Optimal MPC is never costlier than the rule strategies on the same backtest",
        arguments: [(SyntheticVillage.Season.summer, UInt64(1)), (.winter, 2), (.summer, 3), (.winter, 4)])
    func optimalIsCheapest(season: SyntheticVillage.Season, seed: UInt64) throws {
        let request = Self.village(season, seed: seed)
        let optimal = try Backtest(strategy: OptimalStrategy()).run(request)
        #expect(optimal.failedPlans == 0)
        for name in [StrategyName.none, .selfConsumption, .touRules] {
            let rule = try Backtest(strategy: name.makeStrategy()).run(request)
            #expect(
                optimal.cost.totalWon <= rule.cost.totalWon,
                "\(name.rawValue) \(rule.cost.totalWon) < optimal \(optimal.cost.totalWon)")
        }
    }

    @Test(
        "Executed backtest steps satisfy the plan invariants for every strategy",
        arguments: SyntheticVillage.Season.allCases)
    func executedStepsAreValid(season: SyntheticVillage.Season) throws {
        let request = Self.village(season, seed: 9)
        for name in StrategyName.allCases {
            let result = try Backtest(strategy: name.makeStrategy()).run(request)
            #expect(result.replans == request.stepCount)
            let problems = PlanInvariants.violations(of: result.plan, on: request)
            #expect(problems.isEmpty, "\(name.rawValue): \(problems.prefix(3))")
            #expect(result.cost.unservedKWh == 0, "\(name.rawValue) left \(result.cost.unservedKWh) kWh unserved")
        }
    }

    @Test("With perfect forecasts and one horizon covering everything, MPC's first steps follow the plan's cost")
    func mpcNoWorseThanOneShotPlusSlack() throws {
        // A 24 h request with a 24 h horizon: the first re-plan sees everything, later ones see less,
        // so the MPC cost can only be equal or higher than the one-shot optimum (the LP's lower bound).
        let request = Self.village(.summer, seed: 5).window(
            from: 0, count: 96, state: Self.village(.summer, seed: 5).initialState)
        let oneShot = CostEvaluator.cost(of: try OptimalStrategy().plan(request), on: request)
        let mpc = try Backtest(strategy: OptimalStrategy(), horizonSteps: 96).run(request)
        #expect(oneShot.totalWon <= mpc.cost.totalWon + 1e-6 * abs(oneShot.totalWon))
    }

    @Test(
        "An MPC backtest with a SoC reserve holds it at its time every day", arguments: SyntheticVillage.Season.allCases
    )
    func reserveHeld(season: SyntheticVillage.Season) throws {
        var request = Self.village(season, seed: 13)
        let fraction = 0.9
        request.plant.reserve = SoCReserve(minuteOfDay: 17 * 60, socFraction: fraction)
        let result = try Backtest(strategy: OptimalStrategy()).run(request)
        #expect(result.failedPlans == 0)
        // Steps ending at 17:00 local: index 67 of each day (the village starts at local midnight).
        let needed = fraction * request.plant.battery.capacityKWh * 1000
        for day in 0..<(request.stepCount / 96) {
            #expect(result.plan.steps[day * 96 + 67].batteryEnergyWh >= needed - 1e-3, "day \(day)")
        }
    }
}
