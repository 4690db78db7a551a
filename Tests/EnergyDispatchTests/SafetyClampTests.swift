import EnergyDispatch
import Testing
import VillageCore

/// The clamp is the last check before Modbus writes: whatever the plan, setpoints stay within
/// ratings and never push a measured store further out of its window.
struct SafetyClampTests {
    static let seeds: [UInt64] = Array(200..<260)

    /// Plan steps a broken planner could produce: huge, negative, NaN, infinite.
    static func wildValue(_ random: inout SeededGenerator) -> Double {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: .nan
        case 1: Bool.random(using: &random) ? .infinity : -.infinity
        case 2: Double.random(in: -1e9...1e9, using: &random)
        default: Double.random(in: -100_000...100_000, using: &random)
        }
    }

    @Test("Setpoints stay within device ratings and the SoC window for any plan and measured state", arguments: seeds)
    func setpointsWithinRatings(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let request = RandomScenario.request(seed: seed, steps: 4)
        let plant = request.plant
        let battery = plant.battery
        var step = PlanStep()
        step.batteryChargeWh = Self.wildValue(&random)
        step.batteryDischargeWh = Self.wildValue(&random)
        step.heatPumpHeatingWh = Self.wildValue(&random)
        step.heatPumpCoolingWh = Self.wildValue(&random)
        let state = PlantState(
            batteryEnergyKWh: Double.random(in: -50...(battery.capacityKWh + 50), using: &random),
            hotTankKWh: Double.random(in: 0...(plant.heating.tankCapacityKWh * 1.2), using: &random),
            coldTankKWh: Double.random(in: 0...(plant.cooling.tankCapacityKWh * 1.2), using: &random)
        )
        let setpoints = SafetyClamp(plant: plant).setpoints(for: step, measured: state)
        let hours = 0.25
        #expect(Double(abs(setpoints.batteryPowerW)) <= battery.pcsPowerKW * 1000)
        // Discharging never takes the SoC below the minimum, charging never above the maximum.
        let afterKWh =
            state.batteryEnergyKWh
            - (setpoints.batteryPowerW > 0
                ? Double(setpoints.batteryPowerW) * hours / 1000 / battery.dischargeEfficiency
                : Double(setpoints.batteryPowerW) * hours / 1000 * battery.chargeEfficiency)
        if setpoints.batteryPowerW > 0 { #expect(afterKWh >= battery.minimumEnergyKWh - 1e-6) }
        if setpoints.batteryPowerW < 0 { #expect(afterKWh <= battery.maximumEnergyKWh + 1e-6) }
        #expect(
            setpoints.heatingPowerW >= 0
                && Double(setpoints.heatingPowerW) <= plant.heating.heatPumpMaxElectricKW * 1000)
        #expect(
            setpoints.coolingPowerW >= 0
                && Double(setpoints.coolingPowerW) <= plant.cooling.heatPumpMaxElectricKW * 1000)
        #expect(setpoints.heatingOn == (setpoints.heatingPowerW > 0))
        #expect(setpoints.coolingOn == (setpoints.coolingPowerW > 0))
        if state.hotTankKWh >= plant.heating.tankCapacityKWh { #expect(!setpoints.heatingOn) }
        if state.coldTankKWh >= plant.cooling.tankCapacityKWh { #expect(!setpoints.coolingOn) }
    }

    @Test("A feasible LP first step passes the clamp unchanged (to the watt)", arguments: [UInt64](300..<320))
    func feasibleStepPassesThrough(seed: UInt64) throws {
        let request = RandomScenario.request(seed: seed)
        let plan = try OptimalStrategy().plan(request)
        let first = try #require(plan.steps.first)
        let setpoints = SafetyClamp(plant: request.plant).setpoints(for: first, measured: request.initialState)
        let wanted = (first.batteryDischargeWh - first.batteryChargeWh) * 4
        #expect(abs(Double(setpoints.batteryPowerW) - wanted) <= 1.0)
        if first.heatPumpHeatingWh * 4 >= 1_001, request.initialState.hotTankKWh < request.plant.heating.tankCapacityKWh
        {
            #expect(abs(Double(setpoints.heatingPowerW) - first.heatPumpHeatingWh * 4) <= 1.0)
        }
    }

    @Test("A NaN plan gives the safe state")
    func nanPlanIsSafe() {
        var step = PlanStep()
        step.batteryChargeWh = .nan
        step.batteryDischargeWh = .nan
        step.heatPumpHeatingWh = .nan
        step.heatPumpCoolingWh = .nan
        let plant = PlantParameters()
        let setpoints = SafetyClamp(plant: plant).setpoints(
            for: step, measured: PlantState(batteryEnergyKWh: 200, hotTankKWh: 10, coldTankKWh: 10))
        #expect(setpoints == .safe)
    }

    @Test("An unknown measured state (NaN) gives the safe state whatever the plan")
    func nanMeasurementIsSafe() {
        var step = PlanStep()
        step.batteryChargeWh = 40_000
        step.heatPumpHeatingWh = 20_000
        step.heatPumpCoolingWh = 20_000
        let plant = PlantParameters()
        let setpoints = SafetyClamp(plant: plant).setpoints(
            for: step, measured: PlantState(batteryEnergyKWh: .nan, hotTankKWh: .nan, coldTankKWh: .nan))
        #expect(setpoints == .safe)
        let known = SafetyClamp(plant: plant).setpoints(
            for: step, measured: PlantState(batteryEnergyKWh: 200, hotTankKWh: 10, coldTankKWh: 10))
        #expect(
            known
                == DeviceSetpoints(
                    batteryPowerW: -160_000, heatingPowerW: 80_000, heatingOn: true, coolingPowerW: 80_000,
                    coolingOn: true))
    }
}
