import CGLPK
import Synchronization

/// GNU GLPK's simplex (presolver on) through its C API.
///
/// GLPK keeps library state per thread and aborts the process on malformed input rather than
/// returning an error, so calls are serialised through one lock and every bound pair is checked
/// before it is handed over.
public struct GLPKSolver: LinearProgramSolver {
    public var kind: SolverKind { .glpk }

    private static let lock = Mutex(())

    /// Which GLPK simplex runs (presolve is on for both).
    public enum Method: String, Sendable, CaseIterable {
        case primal
        case dual
    }

    public var method: Method

    /// Primal is the default: faster than dual on these models (see the README).
    public init(method: Method = .primal) {
        self.method = method
    }

    /// GLPK starts from its own basis; `startingBasis` (Clp's format) is not used.
    public func solve(_ program: LinearProgram, startingBasis: [UInt8]?) -> LinearProgramSolution {
        for index in 0..<program.columnCount where !(program.columnLower[index] <= program.columnUpper[index]) {
            return LinearProgramSolution(status: .infeasible, objectiveValue: .nan, values: [])
        }
        for index in 0..<program.rowCount where !(program.rowLower[index] <= program.rowUpper[index]) {
            return LinearProgramSolution(status: .infeasible, objectiveValue: .nan, values: [])
        }
        return Self.lock.withLock { _ in solveLocked(program) }
    }

    private func solveLocked(_ program: LinearProgram) -> LinearProgramSolution {
        glp_term_out(cglpk_off)
        guard let problem = glp_create_prob() else {
            return LinearProgramSolution(status: .failed, objectiveValue: .nan, values: [])
        }
        defer { glp_delete_prob(problem) }
        glp_set_obj_dir(problem, cglpk_min)
        if program.rowCount > 0 { glp_add_rows(problem, Int32(program.rowCount)) }
        if program.columnCount > 0 { glp_add_cols(problem, Int32(program.columnCount)) }
        for row in 0..<program.rowCount {
            let (type, lower, upper) = Self.bounds(program.rowLower[row], program.rowUpper[row])
            glp_set_row_bnds(problem, Int32(row + 1), type, lower, upper)
        }
        for column in 0..<program.columnCount {
            let (type, lower, upper) = Self.bounds(program.columnLower[column], program.columnUpper[column])
            glp_set_col_bnds(problem, Int32(column + 1), type, lower, upper)
            glp_set_obj_coef(problem, Int32(column + 1), program.objective[column])
        }
        // GLPK's arrays are 1-based: element 0 is ignored.
        let rows = [Int32(0)] + program.entryRows.map { $0 + 1 }
        let columns = [Int32(0)] + program.entryColumns.map { $0 + 1 }
        let values = [0.0] + program.entryValues
        glp_load_matrix(problem, Int32(program.entryValues.count), rows, columns, values)
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = cglpk_msg_off
        parameters.presolve = cglpk_on
        parameters.meth = method == .dual ? cglpk_dualp : cglpk_primal
        let code = glp_simplex(problem, &parameters)
        let status: LinearProgramSolution.Status
        switch glp_get_status(problem) {
        case cglpk_opt: status = .optimal
        case cglpk_nofeas, cglpk_infeas: status = .infeasible
        case cglpk_unbnd: status = .unbounded
        default:
            // With presolve on, an infeasible or unbounded model stops before a basis exists.
            status = code == GLP_ENOPFS ? .infeasible : code == GLP_ENODFS ? .unbounded : .failed
        }
        guard status == .optimal else {
            return LinearProgramSolution(status: status, objectiveValue: .nan, values: [])
        }
        var solution = [Double](repeating: 0, count: program.columnCount)
        for column in 0..<program.columnCount { solution[column] = glp_get_col_prim(problem, Int32(column + 1)) }
        return LinearProgramSolution(
            status: .optimal, objectiveValue: program.objectiveValue(at: solution), values: solution)
    }

    private static func bounds(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): (cglpk_fr, 0, 0)
        case (true, false): (cglpk_lo, lower, 0)
        case (false, true): (cglpk_up, 0, upper)
        case (true, true): lower == upper ? (cglpk_fx, lower, upper) : (cglpk_db, lower, upper)
        }
    }
}
