/// What a solver found for a `LinearProgram`.
public struct LinearProgramSolution: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case optimal
        case infeasible
        case unbounded
        /// Stopped for another reason (iteration limit, numerical trouble).
        case failed
    }

    public var status: Status
    /// `cᵀx + constant` at `values`; meaningful only when `status == .optimal`.
    public var objectiveValue: Double
    public var values: [Double]
    /// The final basis (Clp's status per column, then per row), to warm-start a similar model.
    public var basis: [UInt8]?

    public init(status: Status, objectiveValue: Double, values: [Double], basis: [UInt8]? = nil) {
        self.status = status
        self.objectiveValue = objectiveValue
        self.values = values
        self.basis = basis
    }
}
