/// Why a plan request, a strategy name or a solve was rejected.
///
/// `code` is matchable in `catch`; `field` names the parameter or series concerned (as a key path
/// such as `battery.socMinFraction`), `step` the 15-minute step when one is to blame, and
/// `constraint` the family of constraints that made an optimisation infeasible.
public struct DispatchError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, Codable {
        /// A parameter is out of its range (negative capacity, SoC min above max, efficiency > 1).
        case invalidParameter
        /// An input series is missing steps, has the wrong length or holds a non-finite value.
        case invalidSeries
        /// A strategy name no strategy answers to.
        case unknownStrategy
        /// A SoC reserve outside the SoC window or not reachable in time from the initial SoC.
        case infeasibleReserve
        /// The optimisation has no solution; `constraint` says which family of constraints.
        case infeasible
        /// The solver library stopped without an answer.
        case solverFailed
    }

    public var code: Code
    public var field: String?
    public var step: Int?
    public var constraint: ConstraintFamily?
    public var message: String

    public init(
        _ code: Code, field: String? = nil, step: Int? = nil, constraint: ConstraintFamily? = nil, _ message: String
    ) {
        self.code = code
        self.field = field
        self.step = step
        self.constraint = constraint
        self.message = message
    }

    public var description: String {
        var place: [String] = []
        if let field { place.append(field) }
        if let step { place.append("step \(step)") }
        if let constraint { place.append("constraint \(constraint.rawValue)") }
        return place.isEmpty ? message : "\(place.joined(separator: ", ")): \(message)"
    }
}

/// The families of constraints in the dispatch model that can make it infeasible.
public enum ConstraintFamily: String, Sendable, Equatable, Codable, CaseIterable {
    /// Power balance within the grid import limit: load cannot be supplied.
    case powerBalance = "power-balance"
    /// Hot tank and heating heat pump cannot meet the heat demand.
    case heatingSupply = "heating-supply"
    /// Cold tank and cooling heat pump cannot meet the cooling demand.
    case coolingSupply = "cooling-supply"
    /// The SoC reserve by a time of day cannot be reached.
    case socReserve = "soc-reserve"
    /// A terminal energy target cannot be reached.
    case terminalTarget = "terminal-target"
}
