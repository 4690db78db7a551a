/// What a strategy wants the devices to do during one step, before physics and ratings have a say.
package struct StepIntent: Sendable, Equatable {
    /// Battery AC energy over the step: positive charges, negative discharges.
    package var batteryWh: Double
    /// Heat-pump electric energy over the step.
    package var heatingWh: Double
    package var coolingWh: Double

    package init(batteryWh: Double, heatingWh: Double, coolingWh: Double) {
        self.batteryWh = batteryWh
        self.heatingWh = heatingWh
        self.coolingWh = coolingWh
    }

    /// The intent a plan step expresses.
    package init(_ step: PlanStep) {
        self.init(
            batteryWh: step.batteryChargeWh - step.batteryDischargeWh, heatingWh: step.heatPumpHeatingWh,
            coolingWh: step.heatPumpCoolingWh)
    }
}
