/// Plays one step of the plant: applies an intent to the state within every rating and window,
/// serves thermal demand first, and settles the rest with the grid.
///
/// Rule strategies plan with it, and the MPC loop uses it to apply a plan's first step to what
/// actually happened, so every strategy is judged by the same physics.
package struct PlantSimulator: Sendable {
    package let request: PlanRequest

    package init(request: PlanRequest) {
        self.request = request
    }

    /// The step `index` of the request from `state` with `intent`; returns the step and the new state.
    package func step(_ index: Int, from state: PlantState, intent: StepIntent) -> (PlanStep, PlantState) {
        let plant = request.plant
        let battery = plant.battery
        let hours = request.stepHours
        let pcsWh = battery.pcsPowerKW * hours * 1000
        var result = PlanStep()

        // Thermal sides: the intent is raised to what keeps the tank from running dry and lowered
        // to what fits in the tank.
        let heatingCOP = request.heatingCOP(step: index)
        let coolingCOP = request.coolingCOP(step: index)
        var heatingSide = thermal(
            side: plant.heating, cop: heatingCOP, tankKWh: state.hotTankKWh,
            demandWh: request.heatDemandWh[index], intentWh: intent.heatingWh)
        var coolingSide = thermal(
            side: plant.cooling, cop: coolingCOP, tankKWh: state.coldTankKWh,
            demandWh: request.coolingDemandWh[index], intentWh: intent.coolingWh)

        // Battery within the PCS rating and the SoC window.
        let energyWh = state.batteryEnergyKWh * 1000
        let roomWh = max(0, battery.maximumEnergyKWh * 1000 - energyWh) / battery.chargeEfficiency
        let availableWh = max(0, energyWh - battery.minimumEnergyKWh * 1000) * battery.dischargeEfficiency
        let wanted = intent.batteryWh.isFinite ? intent.batteryWh : 0
        var charge = max(0, min(wanted, pcsWh, roomWh))
        let discharge = max(0, min(-wanted, pcsWh, availableWh))

        // Grid within the connection limits: charging, then heat pumping beyond what the tanks
        // need, give way before load goes unserved.
        let pv = request.pvForecastWh[index]
        let importLimitWh = request.importPriceMilliWonPerKWh[index] == nil ? 0 : plant.gridImportLimitKW * hours * 1000
        func net() -> Double {
            request.loadWh[index] + heatingSide.pumpWh + coolingSide.pumpWh + charge - discharge - pv
        }
        // Where the policy forbids grid charging, the battery takes at most the PV surplus over the
        // load (the LP's convention: the heat pumps are loads the policy does not restrict).
        if !plant.gridCharging.allowsGridCharging(importPriceMilliWonPerKWh: request.importPriceMilliWonPerKWh[index]) {
            charge = min(charge, max(0, pv - request.loadWh[index]))
        }
        // The manager's cap binds what storage and heat pumps add, never the load itself.
        var flexibleLimitWh = importLimitWh
        if let cap = plant.importCapKW {
            flexibleLimitWh = min(importLimitWh, max(cap * hours * 1000, request.loadWh[index] - pv))
        }
        if net() > flexibleLimitWh { charge -= min(charge, net() - flexibleLimitWh) }
        if net() > flexibleLimitWh {
            heatingSide = thermal(
                side: plant.heating, cop: heatingCOP, tankKWh: state.hotTankKWh, demandWh: request.heatDemandWh[index],
                intentWh: max(0, heatingSide.pumpWh - (net() - flexibleLimitWh)))
        }
        if net() > flexibleLimitWh {
            coolingSide = thermal(
                side: plant.cooling, cop: coolingCOP, tankKWh: state.coldTankKWh,
                demandWh: request.coolingDemandWh[index],
                intentWh: max(0, coolingSide.pumpWh - (net() - flexibleLimitWh)))
        }
        let balance = net()
        if balance >= 0 {
            // Within a micro-Wh of the limit is rounding in the reductions above, not unserved load.
            result.gridImportWh = balance <= importLimitWh + 1e-6 ? balance : importLimitWh
            result.unservedLoadWh = balance - result.gridImportWh
        } else {
            result.gridExportWh = min(-balance, plant.gridExportLimitKW * hours * 1000)
            result.curtailmentWh = -balance - result.gridExportWh
        }
        result.heatPumpHeatingWh = heatingSide.pumpWh
        result.hotTankWh = heatingSide.tankWh
        result.unservedHeatWh = heatingSide.unservedWh
        result.heatPumpCoolingWh = coolingSide.pumpWh
        result.coldTankWh = coolingSide.tankWh
        result.unservedCoolingWh = coolingSide.unservedWh
        result.batteryChargeWh = charge
        result.batteryDischargeWh = discharge
        result.batteryEnergyWh = energyWh + charge * battery.chargeEfficiency - discharge / battery.dischargeEfficiency
        let next = PlantState(
            batteryEnergyKWh: result.batteryEnergyWh / 1000, hotTankKWh: result.hotTankWh / 1000,
            coldTankKWh: result.coldTankWh / 1000)
        return (result, next)
    }

    /// Heat-pump electric energy, tank energy at the end (Wh) and unserved demand for one side.
    private func thermal(
        side: ThermalStorageParameters, cop: Double, tankKWh: Double, demandWh: Double, intentWh: Double
    )
        -> (pumpWh: Double, tankWh: Double, unservedWh: Double)
    {
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
