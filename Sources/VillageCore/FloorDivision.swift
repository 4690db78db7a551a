/// Floor division (rounds toward −∞): integer `/` truncates toward zero, which puts an instant
/// before 1970, or a local time west of UTC, into the wrong interval or day.
///
/// `floorDivide(-7, 2) == -4`, where `-7 / 2 == -3`. The divisor must not be zero.
@inlinable
package func floorDivide<T: BinaryInteger>(_ value: T, _ divisor: T) -> T {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
}

/// The remainder that goes with `floorDivide`: it has the divisor's sign, so the second of the
/// day or the offset into an interval is never negative for a positive divisor.
///
/// `floorModulo(-7, 2) == 1`, where `-7 % 2 == -1`. The divisor must not be zero.
@inlinable
package func floorModulo<T: BinaryInteger>(_ value: T, _ divisor: T) -> T {
    value - floorDivide(value, divisor) * divisor
}
