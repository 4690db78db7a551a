import EnergyDispatch

/// Checks a plan against its request's physics; returns what is violated (empty when none).
enum PlanInvariants {
    static let toleranceWh = 1e-3

    static func violations(of plan: DispatchPlan, on request: PlanRequest) -> [String] {
        var problems: [String] = []
        let plant = request.plant
        let battery = plant.battery
        let hours = request.stepHours
        let tolerance = toleranceWh
        guard plan.steps.count == request.stepCount else {
            return ["plan has \(plan.steps.count) steps, request \(request.stepCount)"]
        }
        var energy = request.initialState.batteryEnergyKWh * 1000
        var hot = request.initialState.hotTankKWh * 1000
        var cold = request.initialState.coldTankKWh * 1000
        let hotRetention = plant.heating.retention(stepSeconds: request.stepSeconds)
        let coldRetention = plant.cooling.retention(stepSeconds: request.stepSeconds)
        for (index, step) in plan.steps.enumerated() {
            func check(_ condition: Bool, _ what: String) {
                if !condition { problems.append("step \(index): \(what)") }
            }
            let pv = request.pvForecastWh[index]
            let supply = pv - step.curtailmentWh + step.gridImportWh + step.batteryDischargeWh + step.unservedLoadWh
            let use =
                request.loadWh[index] + step.gridExportWh + step.batteryChargeWh + step.heatPumpHeatingWh
                + step.heatPumpCoolingWh
            check(abs(supply - use) <= tolerance, "power balance off by \(supply - use) Wh")
            let importLimit =
                request.importPriceMilliWonPerKWh[index] == nil ? 0 : plant.gridImportLimitKW * hours * 1000
            check(
                step.gridImportWh >= -tolerance && step.gridImportWh <= importLimit + tolerance,
                "import \(step.gridImportWh) Wh")
            check(
                step.gridExportWh >= -tolerance
                    && step.gridExportWh <= plant.gridExportLimitKW * hours * 1000 + tolerance,
                "export \(step.gridExportWh) Wh")
            check(
                step.gridExportWh <= pv - step.curtailmentWh + step.batteryDischargeWh + tolerance,
                "export \(step.gridExportWh) Wh beyond what the village generates")
            let pcs = battery.pcsPowerKW * hours * 1000
            check(step.batteryChargeWh >= -tolerance && step.batteryDischargeWh >= -tolerance, "negative battery flow")
            check(
                step.batteryChargeWh + step.batteryDischargeWh <= pcs + tolerance, "battery flow above the PCS rating")
            check(
                step.curtailmentWh >= -tolerance && step.curtailmentWh <= pv + tolerance,
                "curtailment \(step.curtailmentWh) of \(pv) Wh")
            check(
                step.heatPumpHeatingWh >= -tolerance
                    && step.heatPumpHeatingWh <= plant.heating.heatPumpMaxElectricKW * hours * 1000 + tolerance,
                "heating pump")
            check(
                step.heatPumpCoolingWh >= -tolerance
                    && step.heatPumpCoolingWh <= plant.cooling.heatPumpMaxElectricKW * hours * 1000 + tolerance,
                "cooling pump")
            energy +=
                step.batteryChargeWh * battery.chargeEfficiency - step.batteryDischargeWh / battery.dischargeEfficiency
            check(
                abs(energy - step.batteryEnergyWh) <= tolerance,
                "battery energy \(step.batteryEnergyWh) Wh, flows give \(energy) Wh")
            check(
                step.batteryEnergyWh >= battery.minimumEnergyKWh * 1000 - tolerance
                    && step.batteryEnergyWh <= battery.maximumEnergyKWh * 1000 + tolerance,
                "SoC \(step.batteryEnergyWh) Wh outside the window")
            hot =
                hotRetention * hot + request.heatingCOP(step: index) * step.heatPumpHeatingWh
                - request.heatDemandWh[index] + step.unservedHeatWh
            cold =
                coldRetention * cold + request.coolingCOP(step: index) * step.heatPumpCoolingWh
                - request.coolingDemandWh[index] + step.unservedCoolingWh
            check(abs(hot - step.hotTankWh) <= tolerance, "hot tank \(step.hotTankWh) Wh, balance gives \(hot) Wh")
            check(abs(cold - step.coldTankWh) <= tolerance, "cold tank \(step.coldTankWh) Wh, balance gives \(cold) Wh")
            check(
                step.hotTankWh >= -tolerance && step.hotTankWh <= plant.heating.tankCapacityKWh * 1000 + tolerance,
                "hot tank out of bounds")
            check(
                step.coldTankWh >= -tolerance && step.coldTankWh <= plant.cooling.tankCapacityKWh * 1000 + tolerance,
                "cold tank out of bounds")
            energy = step.batteryEnergyWh
            hot = step.hotTankWh
            cold = step.coldTankWh
        }
        return problems
    }
}
