/// A solver library that can solve a `LinearProgram`.
///
/// Both implementations wrap a real simplex code from Debian (COIN-OR Clp, GNU GLPK); the protocol
/// exists so they can be measured against each other on the same models and one of them chosen.
public protocol LinearProgramSolver: Sendable {
    var kind: SolverKind { get }
    func solve(_ program: LinearProgram) -> LinearProgramSolution
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
