/// What a plan costs on a request's prices, and the figures a facility manager compares.
///
/// `totalWon` is the LP's objective for the same plan: import cost − export revenue + battery wear
/// + demand charge on the peak above the peak so far − the terminal value of the energy stores
/// gained (so a strategy cannot look cheap by emptying the battery and tanks) + the penalty on tanks
/// ending below their start.
public struct PlanCost: Sendable, Equatable, Codable {
    public var importCostWon: Double = 0
    public var exportRevenueWon: Double = 0
    public var wearCostWon: Double = 0
    public var demandChargeWon: Double = 0
    /// Terminal value of (final − initial) stored energy.
    public var storedEnergyGainWon: Double = 0
    /// The planning penalty on tanks ending below their start (`PlanRequest.tankShortfallPenalties`):
    /// not money paid, but part of what the LP minimises, so it is in `totalWon` too.
    public var tankShortfallPenaltyWon: Double = 0
    public var totalWon: Double = 0
    public var importKWh: Double = 0
    public var exportKWh: Double = 0
    public var peakImportKW: Double = 0
    /// Share of PV generation used on site (not exported, not curtailed).
    public var selfConsumptionFraction: Double = 0
    /// Battery discharge ÷ usable capacity.
    public var equivalentFullCycles: Double = 0
    public var heatPumpKWh: Double = 0
    /// Heat-pump electric energy per tariff period name, when periods were given.
    public var heatPumpKWhByPeriod: [String: Double] = [:]
    public var unservedKWh: Double = 0

    public init() {}
}

/// Prices a plan against a request.
package enum CostEvaluator {
    /// The cost of `plan` on `request`'s prices; `periods` (one name per step) splits heat-pump energy.
    package static func cost(of plan: DispatchPlan, on request: PlanRequest, periods: [String]? = nil) -> PlanCost {
        var cost = PlanCost()
        let plant = request.plant
        let hours = request.stepHours
        var pvKWh = 0.0
        var lostKWh = 0.0
        var dischargeKWh = 0.0
        var throughputKWh = 0.0
        for (index, step) in plan.steps.enumerated() where index < request.stepCount {
            let importKWh = step.gridImportWh / 1000
            let exportKWh = step.gridExportWh / 1000
            cost.importCostWon += importKWh * Double(request.importPriceMilliWonPerKWh[index] ?? 0) / 1000
            cost.exportRevenueWon += exportKWh * Double(request.exportPriceMilliWonPerKWh[index] ?? 0) / 1000
            cost.importKWh += importKWh
            cost.exportKWh += exportKWh
            cost.peakImportKW = max(cost.peakImportKW, importKWh / hours)
            pvKWh += request.pvForecastWh[index] / 1000
            lostKWh += (step.gridExportWh + step.curtailmentWh) / 1000
            dischargeKWh += step.batteryDischargeWh / 1000
            throughputKWh += (step.batteryChargeWh + step.batteryDischargeWh) / 1000
            let pumpKWh = (step.heatPumpHeatingWh + step.heatPumpCoolingWh) / 1000
            cost.heatPumpKWh += pumpKWh
            if let periods, index < periods.count { cost.heatPumpKWhByPeriod[periods[index], default: 0] += pumpKWh }
            cost.unservedKWh += (step.unservedLoadWh + step.unservedHeatWh + step.unservedCoolingWh) / 1000
        }
        cost.wearCostWon = throughputKWh * plant.battery.wearCostMilliWonPerKWh / 1000
        if plant.demandChargeMilliWonPerKW > 0 {
            cost.demandChargeWon =
                max(plant.peakImportSoFarKW, cost.peakImportKW) * plant.demandChargeMilliWonPerKW / 1000
        }
        if let last = plan.steps.last {
            let values = request.terminalValues()
            let initial = request.initialState
            cost.storedEnergyGainWon =
                (values.battery * (last.batteryEnergyWh / 1000 - initial.batteryEnergyKWh)
                    + values.hot * (last.hotTankWh / 1000 - initial.hotTankKWh)
                    + values.cold * (last.coldTankWh / 1000 - initial.coldTankKWh)) / 1000
            let penalties = request.tankShortfallPenalties()
            let hotShortKWh: Double = max(0, initial.hotTankKWh - last.hotTankWh / 1000)
            let coldShortKWh: Double = max(0, initial.coldTankKWh - last.coldTankWh / 1000)
            var targetShortKWh = (hot: 0.0, cold: 0.0)
            for target in request.tankTargetSteps() where target.step < plan.steps.count {
                targetShortKWh.hot += max(0, target.hotKWh - plan.steps[target.step].hotTankWh / 1000)
                targetShortKWh.cold += max(0, target.coldKWh - plan.steps[target.step].coldTankWh / 1000)
            }
            let hotPenaltyWon = penalties.hot * (hotShortKWh + targetShortKWh.hot) / 1000
            let coldPenaltyWon = penalties.cold * (coldShortKWh + targetShortKWh.cold) / 1000
            cost.tankShortfallPenaltyWon = hotPenaltyWon + coldPenaltyWon
        }
        cost.totalWon =
            cost.importCostWon - cost.exportRevenueWon + cost.wearCostWon + cost.demandChargeWon
            - cost.storedEnergyGainWon + cost.tankShortfallPenaltyWon
        cost.selfConsumptionFraction = pvKWh > 0 ? max(0, pvKWh - lostKWh) / pvKWh : 0
        let usable = plant.battery.maximumEnergyKWh - plant.battery.minimumEnergyKWh
        cost.equivalentFullCycles = usable > 0 ? dischargeKWh / usable : 0
        return cost
    }
}
