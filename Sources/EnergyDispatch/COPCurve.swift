/// Coefficient of performance of a heat pump as a straight line in outdoor temperature, clamped.
///
/// Linear is what the LP can use directly (COP is data per step, not a variable); the clamp keeps
/// an extrapolated line from promising a COP no machine has.
public struct COPCurve: Sendable, Equatable, Codable {
    /// COP at 0 °C outdoor temperature.
    public var copAtZeroCelsius: Double
    /// Change of COP per °C (positive for heating, negative for cooling).
    public var slopePerCelsius: Double
    public var minimum: Double
    public var maximum: Double

    public init(copAtZeroCelsius: Double, slopePerCelsius: Double, minimum: Double, maximum: Double) {
        self.copAtZeroCelsius = copAtZeroCelsius
        self.slopePerCelsius = slopePerCelsius
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The COP at `temperatureCelsius`.
    public func cop(atCelsius temperatureCelsius: Double) -> Double {
        min(maximum, max(minimum, copAtZeroCelsius + slopePerCelsius * temperatureCelsius))
    }
}
