/// What a kWh left in each store at the end of a horizon is worth, milli-won per kWh.
public struct StoredEnergyValues: Sendable, Equatable, Codable {
    public var batteryMilliWonPerKWh: Double
    public var hotTankMilliWonPerKWh: Double
    public var coldTankMilliWonPerKWh: Double

    public init(batteryMilliWonPerKWh: Double, hotTankMilliWonPerKWh: Double, coldTankMilliWonPerKWh: Double) {
        self.batteryMilliWonPerKWh = batteryMilliWonPerKWh
        self.hotTankMilliWonPerKWh = hotTankMilliWonPerKWh
        self.coldTankMilliWonPerKWh = coldTankMilliWonPerKWh
    }
}
