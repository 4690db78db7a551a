/// Model-predictive control over a long request: every step, plan the next `horizonSteps` from the
/// current state, apply the plan's first step to what actually happens, carry the state on.
///
/// The request's series serve both as the forecast and as what happened (perfect forecasts), so
/// strategies differ only in their decisions. Applying goes through `PlantSimulator`, the same
/// physics for every strategy; if a plan fails (infeasible, solver error), that step falls back to
/// the safe state (battery idle, heat pumps following demand) and the failure is counted.
public struct Backtest: Sendable {
    public let strategy: any DispatchStrategy
    public let horizonSteps: Int

    public init(strategy: any DispatchStrategy, horizonSteps: Int = 96) {
        self.strategy = strategy
        self.horizonSteps = horizonSteps
    }

    /// The outcome of a backtest: the executed steps as a plan, their cost and the re-plan count.
    public struct Result: Sendable {
        public var plan: DispatchPlan
        public var cost: PlanCost
        public var replans: Int
        public var failedPlans: Int
        public var firstFailure: DispatchError?
    }

    public func run(_ request: PlanRequest, periods: [String]? = nil) throws(DispatchError) -> Result {
        try request.validate()
        guard horizonSteps > 0 else {
            throw DispatchError(.invalidParameter, field: "horizonSteps", "must be positive")
        }
        let simulator = PlantSimulator(request: request)
        let fallback = RuleStrategy(name: .none)
        var state = request.initialState
        var peakKW = request.plant.peakImportSoFarKW
        var steps: [PlanStep] = []
        steps.reserveCapacity(request.stepCount)
        var failures = 0
        var firstFailure: DispatchError?
        let optimal = strategy as? OptimalStrategy
        var warmStart: OptimalStrategy.WarmStart?
        let runValues = request.terminalValues()
        for index in 0..<request.stepCount {
            var window = request.window(from: index, count: horizonSteps, state: state)
            window.plant.peakImportSoFarKW = peakKW
            if index + horizonSteps >= request.stepCount {
                // This plan sees the run's end: it values what it leaves there as the run is priced,
                // not by the few prices left in the window (on a night's light-load prices those made
                // the energy left look worth less than discharging it at once, so the run ended empty).
                window.automaticTerminalValues = StoredEnergyValues(
                    batteryMilliWonPerKWh: runValues.battery, hotTankMilliWonPerKWh: runValues.hot,
                    coldTankMilliWonPerKWh: runValues.cold)
            }
            let intent: StepIntent
            do {
                let plan: DispatchPlan
                if let optimal {
                    // Consecutive windows differ by one step: start from the last basis, shifted.
                    (plan, warmStart) = try optimal.plan(window, warmStart: warmStart)
                } else {
                    plan = try strategy.plan(window)
                }
                intent = StepIntent(plan.steps[0])
            } catch {
                warmStart = nil
                failures += 1
                if firstFailure == nil { firstFailure = error }
                intent = fallback.intent(0, state: state, request: window, levels: PriceLevels(request: window))
            }
            let (step, next) = simulator.step(index, from: state, intent: intent)
            steps.append(step)
            state = next
            peakKW = max(peakKW, step.gridImportWh / 1000 / request.stepHours)
        }
        let plan = DispatchPlan(
            strategy: strategy.name, startUnixSeconds: request.startUnixSeconds, stepSeconds: request.stepSeconds,
            steps: steps)
        // What was executed is priced as money and the stored energy's value only: the tank floor's
        // penalty steers each plan, nobody pays it.
        var cost = CostEvaluator.cost(of: plan, on: request, periods: periods)
        cost.totalWon -= cost.tankShortfallPenaltyWon
        cost.tankShortfallPenaltyWon = 0
        return Result(
            plan: plan, cost: cost, replans: request.stepCount, failedPlans: failures, firstFailure: firstFailure)
    }
}
