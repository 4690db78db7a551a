/// The shared battery and its power conversion system. Defaults are the reference site's:
/// 400 kWh of second-life EV cells behind a 180 kW PCS.
public struct BatteryParameters: Sendable, Equatable, Codable {
    public var capacityKWh: Double = 400
    /// PCS rating, the same for charge and discharge (AC side).
    public var pcsPowerKW: Double = 180
    /// SoC window as fractions of the capacity; second-life cells are kept off the extremes.
    public var socMinFraction: Double = 0.10
    public var socMaxFraction: Double = 0.95
    /// Stored energy per AC energy charged.
    public var chargeEfficiency: Double = 0.95
    /// AC energy delivered per stored energy discharged.
    public var dischargeEfficiency: Double = 0.95
    /// Optional wear cost per kWh of throughput (charge plus discharge, AC side), milli-won.
    public var wearCostMilliWonPerKWh: Double = 0

    public init() {}

    public var minimumEnergyKWh: Double { socMinFraction * capacityKWh }
    public var maximumEnergyKWh: Double { socMaxFraction * capacityKWh }
}
