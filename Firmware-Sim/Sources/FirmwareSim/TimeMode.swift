/// How simulated time relates to wall-clock time.
public enum TimeMode: Sendable, Hashable, CustomStringConvertible {
    /// One simulated second per wall second: a demo that looks like the real village.
    case realTime
    /// `speed` simulated seconds per wall second (`600` = ten minutes per second).
    case accelerated(speed: Double)
    /// Time moves only when the owner asks (`advance(seconds:)`): deterministic, for tests.
    case step

    /// Simulated seconds per wall second, or `nil` in step mode.
    public var speed: Double? {
        switch self {
        case .realTime: 1
        case .accelerated(let speed): speed
        case .step: nil
        }
    }

    public var description: String {
        switch self {
        case .realTime: "real time"
        case .accelerated(let speed): "\(speed)x"
        case .step: "step mode"
        }
    }
}
