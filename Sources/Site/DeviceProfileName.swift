/// The device profiles in `Meters/` that the site refers to by name. The site stores the name as
/// text (a new profile needs no code change here); these constants are the ones the village uses and
/// that the validation of plant references checks.
package enum DeviceProfileName {
    /// Eastron SDM630 household electricity meter.
    package static let householdMeter = "sdm630"
    /// SunSpec PV inverter (models 1 + 103).
    package static let pvInverter = "sunspec-inverter"
    /// M-Bus to Modbus TCP gateway carrying a home's water, heating, cooling and hot-water meters.
    package static let mbusGateway = "mbus-gateway"
    /// SunSpec storage (models 1 + 124 + 802) for the shared battery.
    package static let storage = "sunspec-ess"
    /// A heat pump of the heat plant, or the tank sensor that reports the tanks' state.
    package static let heatPump = "heat-pump"
    /// SunSpec meter (models 1 + 203) at the grid connection.
    package static let gridMeter = "sunspec-meter"
}
