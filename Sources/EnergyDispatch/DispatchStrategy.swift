/// A way of deciding what the battery and heat pumps do over a request's horizon.
///
/// Every strategy returns the same `DispatchPlan`, so plans, backtests and costs compare on equal
/// terms.
public protocol DispatchStrategy: Sendable {
    var name: StrategyName { get }
    /// A plan for every step of `request`; the request is validated first.
    func plan(_ request: PlanRequest) throws(DispatchError) -> DispatchPlan
}

/// The strategies a facility manager can choose between.
public enum StrategyName: String, Sendable, Equatable, Codable, CaseIterable {
    /// No storage use: battery idle, heat pumps follow demand.
    case none
    /// Charge from PV surplus, discharge on deficit.
    case selfConsumption = "self-consumption"
    /// Today's practice: night charging and late-night heat pumping, peak discharge.
    case touRules = "tou-rules"
    /// The LP.
    case optimal

    /// The strategy called `text`, or an error listing the names there are.
    public init(parsing text: String) throws(DispatchError) {
        guard let name = StrategyName(rawValue: text) else {
            let known = StrategyName.allCases.map(\.rawValue).joined(separator: ", ")
            throw DispatchError(.unknownStrategy, field: "strategy", "unknown strategy '\(text)'; known: \(known)")
        }
        self = name
    }

    /// The strategy itself; `solver` is used by `optimal` only.
    public func makeStrategy(solver: SolverKind = .clp) -> any DispatchStrategy {
        switch self {
        case .none: RuleStrategy(name: .none)
        case .selfConsumption: RuleStrategy(name: .selfConsumption)
        case .touRules: RuleStrategy(name: .touRules)
        case .optimal: OptimalStrategy(solver: solver.makeSolver())
        }
    }
}
