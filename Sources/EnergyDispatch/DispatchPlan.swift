/// A schedule for every step of a request, whichever strategy made it.
public struct DispatchPlan: Sendable, Equatable, Codable {
    public var strategy: StrategyName
    public var startUnixSeconds: Int64
    public var stepSeconds: Int64
    public var steps: [PlanStep]
    /// The LP's objective (won), for `optimal`; nil for rule strategies.
    public var objectiveWon: Double?

    public init(
        strategy: StrategyName, startUnixSeconds: Int64, stepSeconds: Int64, steps: [PlanStep],
        objectiveWon: Double? = nil
    ) {
        self.strategy = strategy
        self.startUnixSeconds = startUnixSeconds
        self.stepSeconds = stepSeconds
        self.steps = steps
        self.objectiveWon = objectiveWon
    }
}
