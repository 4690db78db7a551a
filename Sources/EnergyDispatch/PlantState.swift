/// The stores' contents at a step boundary; what the MPC loop carries from one plan to the next.
public struct PlantState: Sendable, Equatable, Codable {
    public var batteryEnergyKWh: Double
    public var hotTankKWh: Double
    public var coldTankKWh: Double

    public init(batteryEnergyKWh: Double, hotTankKWh: Double, coldTankKWh: Double) {
        self.batteryEnergyKWh = batteryEnergyKWh
        self.hotTankKWh = hotTankKWh
        self.coldTankKWh = coldTankKWh
    }
}
