/// What is written to the devices for one interval: the last values before Modbus.
package struct DeviceSetpoints: Sendable, Equatable, Codable {
    /// Battery AC power: positive discharges, negative charges (the usual PCS sign).
    package var batteryPowerW: Int64
    package var heatingPowerW: Int64
    package var heatingOn: Bool
    package var coolingPowerW: Int64
    package var coolingOn: Bool

    package init(batteryPowerW: Int64, heatingPowerW: Int64, heatingOn: Bool, coolingPowerW: Int64, coolingOn: Bool) {
        self.batteryPowerW = batteryPowerW
        self.heatingPowerW = heatingPowerW
        self.heatingOn = heatingOn
        self.coolingPowerW = coolingPowerW
        self.coolingOn = coolingOn
    }

    /// Battery idle, heat pumps off (left to their own thermostats).
    package static let safe = DeviceSetpoints(
        batteryPowerW: 0, heatingPowerW: 0, heatingOn: false, coolingPowerW: 0, coolingOn: false)
}
