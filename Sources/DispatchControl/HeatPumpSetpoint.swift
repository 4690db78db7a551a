/// What one heat pump is told over its `heat-pump` profile controls.
package struct HeatPumpSetpoint: Sendable, Equatable, Codable {
    /// The controller's `mode` register. The simulated controller (`Firmware-Sim` `HeatPumpDevice`)
    /// reads 0 off, 1 run at `power_setpoint`, 2 automatic (its own night-charging thermostat).
    package enum Mode: Int, Sendable, Codable {
        case off = 0
        case run = 1
        case automatic = 2
    }

    package var device: String
    package var mode: Mode
    package var powerKW: Double
    /// 0 hot tank, 1 cold tank.
    package var targetTank: Int
    package var revertSeconds: Int

    package init(device: String, mode: Mode, powerKW: Double, targetTank: Int, revertSeconds: Int) {
        self.device = device
        self.mode = mode
        self.powerKW = powerKW
        self.targetTank = targetTank
        self.revertSeconds = revertSeconds
    }
}
