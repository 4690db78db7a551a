/// Plays one step of the plant: applies an intent to the state within every rating and window,
/// serves thermal demand first, and settles the rest with the grid.
///
/// Rule strategies plan with it, and the MPC loop uses it to apply a plan's first step to what
/// actually happened, so every strategy is judged by the same physics.
public struct PlantSimulator: Sendable {
    public let request: PlanRequest

    public init(request: PlanRequest) {
        self.request = request
    }

    /// The step `index` of the request from `state` with `intent`; returns the step and the new state.
    public func step(_ index: Int, from state: PlantState, intent: StepIntent) -> (PlanStep, PlantState) {
        let plant = request.plant
        let battery = plant.battery
        let hours = request.stepHours
        let pcsWh = battery.pcsPowerKW * hours * 1000
        var result = PlanStep()

        // Thermal sides: the intent is raised to what keeps the tank from running dry and lowered
        // to what fits in the tank.
        let (heating, hot, unservedHeat) = thermal(
            side: plant.heating, cop: request.heatingCOP(step: index), tankKWh: state.hotTankKWh,
            demandWh: request.heatDemandWh[index], intentWh: intent.heatingWh
        )
        let (cooling, cold, unservedCooling) = thermal(
            side: plant.cooling, cop: request.coolingCOP(step: index), tankKWh: state.coldTankKWh,
            demandWh: request.coolingDemandWh[index], intentWh: intent.coolingWh
        )
        result.heatPumpHeatingWh = heating
        result.hotTankWh = hot
        result.unservedHeatWh = unservedHeat
        result.heatPumpCoolingWh = cooling
        result.coldTankWh = cold
        result.unservedCoolingWh = unservedCooling

        // Battery within the PCS rating and the SoC window.
        let energyWh = state.batteryEnergyKWh * 1000
        let roomWh = max(0, battery.maximumEnergyKWh * 1000 - energyWh) / battery.chargeEfficiency
        let availableWh = max(0, energyWh - battery.minimumEnergyKWh * 1000) * battery.dischargeEfficiency
        let wanted = intent.batteryWh.isFinite ? intent.batteryWh : 0
        var charge = max(0, min(wanted, pcsWh, roomWh))
        let discharge = max(0, min(-wanted, pcsWh, availableWh))

        // Grid within the connection limits; charging gives way before load goes unserved.
        let pv = request.pvForecastWh[index]
        let importLimitWh = request.importPriceMilliWonPerKWh[index] == nil ? 0 : plant.gridImportLimitKW * hours * 1000
        var net = request.loadWh[index] + heating + cooling + charge - discharge - pv
        if net > importLimitWh {
            let reduction = min(charge, net - importLimitWh)
            charge -= reduction
            net -= reduction
        }
        if net >= 0 {
            result.gridImportWh = min(net, importLimitWh)
            result.unservedLoadWh = net - result.gridImportWh
        } else {
            result.gridExportWh = min(-net, plant.gridExportLimitKW * hours * 1000)
            result.curtailmentWh = -net - result.gridExportWh
        }
        result.batteryChargeWh = charge
        result.batteryDischargeWh = discharge
        result.batteryEnergyWh = energyWh + charge * battery.chargeEfficiency - discharge / battery.dischargeEfficiency
        let next = PlantState(batteryEnergyKWh: result.batteryEnergyWh / 1000, hotTankKWh: hot / 1000, coldTankKWh: cold / 1000)
        return (result, next)
    }

    /// Heat-pump electric energy, tank energy at the end (Wh) and unserved demand for one side.
    private func thermal(side: ThermalStorageParameters, cop: Double, tankKWh: Double, demandWh: Double, intentWh: Double)
        -> (pumpWh: Double, tankWh: Double, unservedWh: Double) {
        let maximumWh = side.heatPumpMaxElectricKW * request.stepHours * 1000
        let kept = side.retention(stepSeconds: request.stepSeconds) * tankKWh * 1000
        let capacityWh = side.tankCapacityKWh * 1000
        let neededWh = max(0, (demandWh - kept) / cop)
        let fitsWh = max(0, (capacityWh - kept + demandWh) / cop)
        let wanted = intentWh.isFinite ? intentWh : 0
        let pump = min(maximumWh, max(neededWh, min(wanted, fitsWh)))
        let tank = kept + pump * cop - demandWh
        // Rounding in `needed / cop * cop` may leave a few femto-Wh below zero: that is an empty tank.
        return tank >= -1e-6 ? (pump, min(max(tank, 0), capacityWh), 0) : (pump, 0, -tank)
    }
}
