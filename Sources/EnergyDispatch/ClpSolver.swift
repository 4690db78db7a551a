import CClp

/// COIN-OR Clp's dual simplex through its C interface.
///
/// A Clp model is created, used and deleted inside one `solve` call, so the solver value holds no
/// C state and is safe to share between threads.
public struct ClpSolver: LinearProgramSolver {
    public var kind: SolverKind { .clp }

    public init() {}

    public func solve(_ program: LinearProgram) -> LinearProgramSolution {
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
        _ = Clp_dual(model, 0)
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
        return LinearProgramSolution(status: status, objectiveValue: program.objectiveValue(at: values), values: values)
    }

    /// Clp reads magnitudes from 1e30 upwards as infinite; Swift's infinity is passed as its own marker.
    private static func finite(_ value: Double) -> Double {
        value.isInfinite ? (value < 0 ? -cclp_infinity : cclp_infinity) : value
    }
}
