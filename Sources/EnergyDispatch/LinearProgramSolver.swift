/// A solver library that can solve a `LinearProgram`.
///
/// Both implementations wrap a real simplex code from Debian (COIN-OR Clp, GNU GLPK); the protocol
/// exists so they can be measured against each other on the same models and one of them chosen.
public protocol LinearProgramSolver: Sendable {
    var kind: SolverKind { get }
    /// Solves `program`, starting from `startingBasis` (a previous solution's `basis`) when the
    /// solver can use one: the MPC loop's models differ from one step to the next only by a shift.
    func solve(_ program: LinearProgram, startingBasis: [UInt8]?) -> LinearProgramSolution
}

extension LinearProgramSolver {
    /// Solves `program` from scratch.
    public func solve(_ program: LinearProgram) -> LinearProgramSolution {
        solve(program, startingBasis: nil)
    }
}

/// The solver libraries this module can use.
public enum SolverKind: String, Sendable, CaseIterable, Codable {
    /// COIN-OR Clp, dual simplex: the default (faster on every plan size measured, see the README).
    case clp
    /// GNU GLPK simplex with presolve: kept selectable as a second opinion.
    case glpk

    /// A solver of this kind.
    public func makeSolver() -> any LinearProgramSolver {
        switch self {
        case .clp: ClpSolver()
        case .glpk: GLPKSolver()
        }
    }
}
