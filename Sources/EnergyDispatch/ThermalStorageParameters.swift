import Foundation

/// A heat pump and the tank it charges (hot water for heating, chilled water for cooling).
///
/// The tank is modelled as an energy store in thermal kWh: what the heat pump delivers
/// (electric energy × COP) goes in, demand and standing losses come out.
public struct ThermalStorageParameters: Sendable, Equatable, Codable {
    /// Electric power limit of the heat pump(s) serving this tank.
    public var heatPumpMaxElectricKW: Double
    public var cop: COPCurve
    public var tankCapacityKWh: Double
    /// Share of the stored energy lost per hour to the surroundings.
    public var standingLossFractionPerHour: Double

    public init(
        heatPumpMaxElectricKW: Double, cop: COPCurve, tankCapacityKWh: Double, standingLossFractionPerHour: Double
    ) {
        self.heatPumpMaxElectricKW = heatPumpMaxElectricKW
        self.cop = cop
        self.tankCapacityKWh = tankCapacityKWh
        self.standingLossFractionPerHour = standingLossFractionPerHour
    }

    /// The reference site's river-water/ground-source heating side (our estimate: 120 kW electric,
    /// COP 3.0 at 0 °C, 1,500 kWh hot tank, 0.5 % per hour lost).
    public static let siteHeating = ThermalStorageParameters(
        heatPumpMaxElectricKW: 120,
        cop: COPCurve(copAtZeroCelsius: 3.0, slopePerCelsius: 0.05, minimum: 2.0, maximum: 5.0),
        tankCapacityKWh: 1_500, standingLossFractionPerHour: 0.005
    )

    /// The cooling side (our estimate: 100 kW electric, EER 5.5 − 0.08/°C, 1,200 kWh cold tank).
    public static let siteCooling = ThermalStorageParameters(
        heatPumpMaxElectricKW: 100,
        cop: COPCurve(copAtZeroCelsius: 5.5, slopePerCelsius: -0.08, minimum: 2.5, maximum: 6.0),
        tankCapacityKWh: 1_200, standingLossFractionPerHour: 0.005
    )

    /// Share of the stored energy kept over a step of `stepSeconds`.
    public func retention(stepSeconds: Int64) -> Double {
        let hours = Double(stepSeconds) / 3600
        return pow(1 - standingLossFractionPerHour, hours)
    }
}
