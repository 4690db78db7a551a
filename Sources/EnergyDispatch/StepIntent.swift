/// What a strategy wants the devices to do during one step, before physics and ratings have a say.
public struct StepIntent: Sendable, Equatable {
    /// Battery AC energy over the step: positive charges, negative discharges.
    public var batteryWh: Double
    /// Heat-pump electric energy over the step.
    public var heatingWh: Double
    public var coolingWh: Double

    public init(batteryWh: Double, heatingWh: Double, coolingWh: Double) {
        self.batteryWh = batteryWh
        self.heatingWh = heatingWh
        self.coolingWh = coolingWh
    }

    /// The intent a plan step expresses.
    public init(_ step: PlanStep) {
        self.init(
            batteryWh: step.batteryChargeWh - step.batteryDischargeWh, heatingWh: step.heatPumpHeatingWh,
            coolingWh: step.heatPumpCoolingWh)
    }
}
