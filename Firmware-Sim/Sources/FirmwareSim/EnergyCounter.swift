/// A cumulative energy (or volume) register that only moves forward, like the counter in a real
/// meter. The exact value is kept as a `Double`; readers see whole units, and interval energies are
/// differences of whole readings, so they add up to the counter with no drift.
public struct EnergyCounter: Sendable, Hashable {
    /// Exact accumulated amount since the simulation started (Wh, or litres for water).
    public private(set) var total: Double = 0
    /// Whole units at the last interval boundary.
    private var mark: Int64 = 0

    public init() {}

    /// Whole units, as a meter register shows them.
    public var whole: Int64 { Int64(total.rounded(.down)) }

    /// Adds a non-negative amount; negative amounts are ignored because meters never run backwards.
    @inline(__always)
    public mutating func add(_ amount: Double) {
        if amount > 0 { total += amount }
    }

    /// The whole units counted since the previous call, and a new mark.
    public mutating func takeInterval() -> Int64 {
        let now = whole
        defer { mark = now }
        return now - mark
    }
}
