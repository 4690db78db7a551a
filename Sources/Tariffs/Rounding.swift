/// How a bill turns an exact amount into a payable one (KEPCO truncates the energy charge to the
/// won, rounds VAT, and truncates the fund and the total to 10 won).
package struct Rounding: Sendable, Equatable, Codable {
    package enum Mode: String, Sendable, Codable {
        case truncate, round, ceil
    }

    package var mode: Mode
    /// The step to round to, in micro-units of the currency (1 won = 1,000,000).
    package var unitMicro: Int64

    /// Rounds to whole currency units unless another step is given.
    package init(mode: Mode, unitMicro: Int64 = 1_000_000) {
        self.mode = mode
        self.unitMicro = unitMicro
    }

    /// Rounds an exact amount in micro-units and returns it in whole currency units × `unitMicro`
    /// steps, expressed back in micro-units.
    package func apply(micro: Int64) -> Int64 {
        let unit = unitMicro
        let quotient = micro / unit
        let remainder = micro % unit
        guard remainder != 0 else { return micro }
        switch mode {
        case .truncate:
            return quotient * unit
        case .ceil:
            return (micro > 0 ? quotient + 1 : quotient) * unit
        case .round:
            let twice = remainder.magnitude * 2
            if twice >= unit.magnitude { return (micro > 0 ? quotient + 1 : quotient - 1) * unit }
            return quotient * unit
        }
    }

    /// `apply(micro:)`, or `error` when the rounded amount does not fit 64 bits (an amount within
    /// one step of the largest integer).
    func checkedApply(micro: Int64, _ error: @autoclosure () -> TariffError) throws(TariffError) -> Int64 {
        let unit = unitMicro
        let quotient = micro / unit
        guard micro % unit != 0 else { return micro }
        // Rounding moves the quotient by at most one step away from zero.
        let away = micro > 0 ? quotient + 1 : quotient - 1
        guard away.multipliedReportingOverflow(by: unit).overflow == false else { throw error() }
        return apply(micro: micro)
    }

    static let truncateToUnit = Rounding(mode: .truncate)
}
