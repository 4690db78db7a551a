import Foundation

/// A y axis from `lower` to `upper` with round tick values.
struct AxisScale {
    var lower: Double
    var upper: Double

    /// The smallest range of round numbers covering `low...high` (never empty).
    static func fitting(low: Double, high: Double) -> AxisScale {
        let span = max(high - low, 1e-9)
        let step = niceStep(span / 4)
        let lower = (low / step).rounded(.down) * step
        var upper = (high / step).rounded(.up) * step
        if upper <= lower { upper = lower + step }
        return AxisScale(lower: lower, upper: upper)
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, (log10(max(raw, 1e-9))).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= raw { return factor * magnitude }
        return 10 * magnitude
    }

    /// Round values from lower to upper, four to ten of them.
    var ticks: [Double] {
        let step = AxisScale.niceStep((upper - lower) / 5)
        var values: [Double] = []
        var value = (lower / step).rounded(.up) * step
        while value <= upper + step * 1e-9 {
            values.append(value)
            value += step
        }
        return values
    }
}
