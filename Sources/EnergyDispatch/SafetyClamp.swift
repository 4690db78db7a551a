import VillageCore

/// Turns a plan step into device setpoints that are within every device rating and keep the
/// measured stores inside their windows, whatever the plan says.
///
/// This is the last line of defence before Modbus writes: a plan from a stale state, a solver's
/// rounding, a rule's bug or a NaN must never command more than a device may do. It trusts only
/// the plant parameters and the measured state.
package struct SafetyClamp: Sendable {
    package let plant: PlantParameters
    package let stepSeconds: Int64
    /// Below this electric power a heat pump is switched off rather than run at a sliver.
    package var heatPumpMinimumOnW: Int64 = 1_000

    package init(plant: PlantParameters, stepSeconds: Int64 = TimeGrid.quarterHourSeconds) {
        self.plant = plant
        self.stepSeconds = stepSeconds
    }

    /// Setpoints for `step`, given the measured `state` at its start.
    package func setpoints(for step: PlanStep, measured state: PlantState) -> DeviceSetpoints {
        let hours = Double(max(stepSeconds, 1)) / 3600
        let battery = plant.battery
        let pcsW = Self.finiteNonNegative(battery.pcsPowerKW) * 1000
        // An unknown SoC (NaN from a failed read) leaves the battery idle.
        var batteryW =
            state.batteryEnergyKWh.isFinite ? Self.finite(step.batteryDischargeWh - step.batteryChargeWh) / hours : 0
        let energyKWh = Self.finite(state.batteryEnergyKWh)
        // Energy the window still allows this step (zero when the measured SoC is already outside it).
        let chargeRoomW =
            max(0, battery.maximumEnergyKWh - energyKWh) * 1000 / max(battery.chargeEfficiency, 1e-9) / hours
        let dischargeRoomW = max(0, energyKWh - battery.minimumEnergyKWh) * 1000 * battery.dischargeEfficiency / hours
        batteryW = min(batteryW, pcsW, dischargeRoomW)
        batteryW = max(batteryW, -pcsW, -chargeRoomW)
        let heating = pump(
            Self.finite(step.heatPumpHeatingWh) / hours, side: plant.heating, tankKWh: state.hotTankKWh, hours: hours)
        let cooling = pump(
            Self.finite(step.heatPumpCoolingWh) / hours, side: plant.cooling, tankKWh: state.coldTankKWh, hours: hours)
        return DeviceSetpoints(
            batteryPowerW: Self.truncateTowardZero(batteryW), heatingPowerW: heating, heatingOn: heating > 0,
            coolingPowerW: cooling, coolingOn: cooling > 0)
    }

    /// Heat-pump power within its rating, off when the tank is full or the power is below the minimum.
    private func pump(_ wanted: Double, side: ThermalStorageParameters, tankKWh: Double, hours: Double) -> Int64 {
        let ratingW = Self.finiteNonNegative(side.heatPumpMaxElectricKW) * 1000
        // An unknown tank energy leaves the heat pump to its own thermostat (off here).
        guard tankKWh.isFinite, tankKWh < side.tankCapacityKWh else { return 0 }
        let watts = Self.truncateTowardZero(min(max(0, wanted), ratingW))
        return watts >= heatPumpMinimumOnW ? watts : 0
    }

    private static func finite(_ value: Double) -> Double { value.isFinite ? value : 0 }
    private static func finiteNonNegative(_ value: Double) -> Double { value.isFinite ? max(0, value) : 0 }
    /// Whole watts, never rounded away from zero (rounding up could pass a limit).
    private static func truncateTowardZero(_ value: Double) -> Int64 { Int64(value.rounded(.towardZero)) }
}
