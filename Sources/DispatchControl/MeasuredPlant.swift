/// The plant as read over Modbus before planning. Unknown values are NaN, which the safety clamp
/// turns into the safe state.
package struct MeasuredPlant: Sendable, Equatable, Codable {
    package var socPct: Double
    package var batteryEnergyKWh: Double
    /// `WChaMax` as the PCS reports it, W (the base of the rate percentages).
    package var storageMaxW: Double
    package var hotTankKWh: Double
    package var coldTankKWh: Double
    package var outdoorTemperatureC: Double
    /// Measured COP of each heat pump that was running, by device.
    package var runningCOP: [String: Double]
    /// Which tank each running pump serves, by device (`hot` / `cold`).
    package var runningSide: [String: String]

    package init(
        socPct: Double = .nan, batteryEnergyKWh: Double = .nan, storageMaxW: Double = .nan, hotTankKWh: Double = .nan,
        coldTankKWh: Double = .nan, outdoorTemperatureC: Double = .nan, runningCOP: [String: Double] = [:],
        runningSide: [String: String] = [:]
    ) {
        self.socPct = socPct
        self.batteryEnergyKWh = batteryEnergyKWh
        self.storageMaxW = storageMaxW
        self.hotTankKWh = hotTankKWh
        self.coldTankKWh = coldTankKWh
        self.outdoorTemperatureC = outdoorTemperatureC
        self.runningCOP = runningCOP
        self.runningSide = runningSide
    }
}
