/// Every strategy run through the same MPC backtest on the same data, with its savings over `none`.
package struct StrategyComparison: Sendable, Codable {
    package struct Entry: Sendable, Codable {
        package var strategy: StrategyName
        package var cost: PlanCost
        /// `none`'s total minus this strategy's total.
        package var savingsOverNoneWon: Double
        /// Savings as a share of what `none` pays the utility (import cost plus demand charge), a
        /// denominator that stays positive when exports nearly balance imports.
        package var savingsOverNoneFraction: Double
        package var replans: Int
        package var failedPlans: Int
        /// The first failed plan, if any (the step then fell back to the safe state).
        package var firstFailure: String?
        /// The steps as executed, for a peer to price or check on its own; not part of the JSON.
        package var executed: DispatchPlan?

        enum CodingKeys: String, CodingKey {
            case strategy, cost, savingsOverNoneWon, savingsOverNoneFraction, replans, failedPlans, firstFailure
        }
    }

    package var startUnixSeconds: Int64
    package var steps: Int
    package var horizonSteps: Int
    package var solver: SolverKind
    package var pvKWh: Double
    package var loadKWh: Double
    package var heatDemandKWh: Double
    package var coolingDemandKWh: Double
    package var entries: [Entry]

    /// Runs `strategies` (all of them by default; `none` always, as the baseline) over `request`.
    package static func run(
        _ request: PlanRequest, strategies: [StrategyName] = StrategyName.allCases, horizonSteps: Int = 96,
        solver: SolverKind = .clp, periods: [String]? = nil
    ) throws(DispatchError) -> StrategyComparison {
        var names = strategies
        if !names.contains(.none) { names.insert(.none, at: 0) }
        var results: [(StrategyName, Backtest.Result)] = []
        for name in names {
            results.append(
                (
                    name,
                    try Backtest(strategy: name.makeStrategy(solver: solver), horizonSteps: horizonSteps).run(
                        request, periods: periods)
                ))
        }
        let baseline = results.first { $0.0 == .none }?.1.cost
        let baselineTotal = baseline?.totalWon ?? 0
        let baselinePaid = (baseline?.importCostWon ?? 0) + (baseline?.demandChargeWon ?? 0)
        let entries = results.map { name, result in
            let savings = baselineTotal - result.cost.totalWon
            return Entry(
                strategy: name, cost: result.cost, savingsOverNoneWon: savings,
                savingsOverNoneFraction: baselinePaid > 0 ? savings / baselinePaid : 0,
                replans: result.replans, failedPlans: result.failedPlans,
                firstFailure: result.firstFailure?.description,
                executed: result.plan
            )
        }
        return StrategyComparison(
            startUnixSeconds: request.startUnixSeconds, steps: request.stepCount, horizonSteps: horizonSteps,
            solver: solver,
            pvKWh: request.pvForecastWh.reduce(0, +) / 1000, loadKWh: request.loadWh.reduce(0, +) / 1000,
            heatDemandKWh: request.heatDemandWh.reduce(0, +) / 1000,
            coolingDemandKWh: request.coolingDemandWh.reduce(0, +) / 1000,
            entries: entries
        )
    }
}
