import CClp

/// COIN-OR Clp's dual simplex through its C interface.
///
/// A Clp model is created, used and deleted inside one `solve` call, so the solver value holds no
/// C state and is safe to share between threads.
public struct ClpSolver: LinearProgramSolver {
    public var kind: SolverKind { .clp }

    /// Which of Clp's algorithms runs.
    public enum Method: String, Sendable, CaseIterable {
        /// Primal below 8,000 rows (plans up to about a week), dual above: the faster of the two at
        /// each size measured (see the README); a warm start always continues with primal.
        case automatic
        /// Dual simplex on the model as built.
        case dual
        /// Primal simplex on the model as built.
        case primal
        /// Clp's presolve, then dual simplex (`initialDualSolve`).
        case presolvedDual
        /// Clp's presolve, then primal simplex (`initialPrimalSolve`).
        case presolvedPrimal
    }

    public var method: Method

    public init(method: Method = .automatic) {
        self.method = method
    }

    public func solve(_ program: LinearProgram, startingBasis: [UInt8]?) -> LinearProgramSolution {
        guard let model = Clp_newModel() else {
            return LinearProgramSolution(status: .failed, objectiveValue: .nan, values: [])
        }
        defer { Clp_deleteModel(model) }
        Clp_setLogLevel(model, 0)
        let matrix = program.compressedColumns()
        let starts = matrix.starts.map { CoinBigIndex($0) }
        let columnLower = program.columnLower.map(Self.finite)
        let columnUpper = program.columnUpper.map(Self.finite)
        let rowLower = program.rowLower.map(Self.finite)
        let rowUpper = program.rowUpper.map(Self.finite)
        Clp_loadProblem(
            model, Int32(program.columnCount), Int32(program.rowCount), starts, matrix.rows, matrix.values,
            columnLower, columnUpper, program.objective, rowLower, rowUpper
        )
        if let startingBasis, startingBasis.count == program.columnCount + program.rowCount {
            // A warm start: Clp repairs a basis with the wrong number of basic variables itself.
            Clp_copyinStatus(model, startingBasis)
        }
        var chosen = method
        if chosen == .automatic { chosen = startingBasis != nil || program.rowCount < 8_000 ? .primal : .dual }
        switch chosen {
        case .automatic, .primal: _ = Clp_primal(model, 0)
        case .dual: _ = Clp_dual(model, 0)
        case .presolvedDual: _ = Clp_initialDualSolve(model)
        case .presolvedPrimal: _ = Clp_initialPrimalSolve(model)
        }
        let status: LinearProgramSolution.Status
        switch Clp_status(model) {
        case 0: status = Clp_secondaryStatus(model) == 0 || Clp_secondaryStatus(model) == 1 ? .optimal : .failed
        case 1: status = .infeasible
        case 2: status = .unbounded
        default: status = .failed
        }
        guard status == .optimal, let solution = Clp_getColSolution(model) else {
            return LinearProgramSolution(status: status, objectiveValue: .nan, values: [])
        }
        let values = Array(UnsafeBufferPointer(start: solution, count: program.columnCount))
        var basis: [UInt8]?
        if let statuses = Clp_statusArray(model) {
            basis = Array(UnsafeBufferPointer(start: statuses, count: program.columnCount + program.rowCount))
        }
        return LinearProgramSolution(
            status: status, objectiveValue: program.objectiveValue(at: values), values: values, basis: basis)
    }

    /// Clp reads magnitudes from 1e30 upwards as infinite; Swift's infinity is passed as its own marker.
    private static func finite(_ value: Double) -> Double {
        value.isInfinite ? (value < 0 ? -cclp_infinity : cclp_infinity) : value
    }
}
