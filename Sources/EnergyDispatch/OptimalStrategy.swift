/// The LP: the cheapest plan over the horizon that the model allows, from a real solver library.
public struct OptimalStrategy: DispatchStrategy {
    public var name: StrategyName { .optimal }
    public let solver: any LinearProgramSolver

    public init(solver: any LinearProgramSolver = ClpSolver()) {
        self.solver = solver
    }

    public func plan(_ request: PlanRequest) throws(DispatchError) -> DispatchPlan {
        try plan(request, warmStart: nil).plan
    }

    /// What one solve leaves for the next in a receding horizon: its model and final basis.
    public struct WarmStart: Sendable {
        let model: DispatchModel
        let basis: [UInt8]
    }

    /// Plans `request`, starting the solver from `warmStart` shifted by `shift` steps (the MPC
    /// loop's previous solve); returns the warm start for the next call.
    public func plan(_ request: PlanRequest, warmStart: WarmStart?, shift: Int = 1) throws(DispatchError) -> (
        plan: DispatchPlan, warmStart: WarmStart?
    ) {
        try request.validate()
        let model = DispatchModel(request: request)
        let basis = warmStart.flatMap { model.shiftedBasis($0.basis, from: $0.model, by: shift) }
        let solution = solver.solve(model.program, startingBasis: basis)
        switch solution.status {
        case .optimal:
            return (model.plan(from: solution), solution.basis.map { WarmStart(model: model, basis: $0) })
        case .infeasible:
            throw diagnose(request)
        case .unbounded:
            throw DispatchError(
                .solverFailed,
                "\(solver.kind.rawValue) reports the model unbounded (a price series with negative values and no limit?)"
            )
        case .failed:
            throw DispatchError(.solverFailed, "\(solver.kind.rawValue) stopped without an optimal solution")
        }
    }

    /// Re-solves the elastic model to find which family of constraints cannot be met.
    private func diagnose(_ request: PlanRequest) -> DispatchError {
        let elastic = DispatchModel(request: request, elastic: true)
        let solution = solver.solve(elastic.program)
        guard solution.status == .optimal, let culprit = elastic.infeasibility(in: solution) else {
            return DispatchError(.infeasible, "the model is infeasible and the relaxation did not locate why")
        }
        let amount = (culprit.amountKWh * 10).rounded() / 10
        let message: String
        switch culprit.family {
        case .powerBalance:
            message = "load cannot be supplied within the grid import limit and the battery (\(amount) kWh short)"
        case .heatingSupply:
            message = "the hot tank and heating heat pump cannot meet the heat demand (\(amount) kWh thermal short)"
        case .coolingSupply:
            message = "the cold tank and cooling heat pump cannot meet the cooling demand (\(amount) kWh thermal short)"
        case .socReserve: message = "the SoC reserve cannot be held (\(amount) kWh short)"
        case .terminalTarget: message = "the terminal energy targets cannot be reached (\(amount) kWh short)"
        }
        return DispatchError(.infeasible, step: culprit.step, constraint: culprit.family, message)
    }
}
