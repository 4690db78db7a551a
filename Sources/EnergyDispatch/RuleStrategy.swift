import VillageCore

/// The rule-based strategies: what the site does without optimisation, to compare against.
///
/// Rules look one step ahead only (plus, for `tou-rules`, which prices are the day's lowest and
/// highest); the plant simulator enforces ratings, windows and thermal demand.
package struct RuleStrategy: DispatchStrategy {
    package let name: StrategyName

    /// `name` must be a rule strategy (`none`, `self-consumption`, `tou-rules`).
    package init(name: StrategyName) {
        self.name = name
    }

    package func plan(_ request: PlanRequest) throws(DispatchError) -> DispatchPlan {
        try request.validate()
        guard name != .optimal else {
            throw DispatchError(.unknownStrategy, field: "strategy", "'optimal' is not a rule strategy")
        }
        let simulator = PlantSimulator(request: request)
        let levels = PriceLevels(request: request)
        var state = request.initialState
        var steps: [PlanStep] = []
        steps.reserveCapacity(request.stepCount)
        for index in 0..<request.stepCount {
            let (step, next) = simulator.step(
                index, from: state, intent: intent(index, state: state, request: request, levels: levels))
            steps.append(step)
            state = next
        }
        return DispatchPlan(
            strategy: name, startUnixSeconds: request.startUnixSeconds, stepSeconds: request.stepSeconds, steps: steps)
    }

    /// The rule's intent for step `index`.
    func intent(_ index: Int, state: PlantState, request: PlanRequest, levels: PriceLevels) -> StepIntent {
        let plant = request.plant
        let hours = request.stepHours
        let heatingCOP = request.heatingCOP(step: index)
        let coolingCOP = request.coolingCOP(step: index)
        let hotRetention = plant.heating.retention(stepSeconds: request.stepSeconds)
        let coldRetention = plant.cooling.retention(stepSeconds: request.stepSeconds)
        // Following demand: make this step's demand and losses, keeping the tank where it is.
        let followHeating =
            max(0, request.heatDemandWh[index] + (1 - hotRetention) * state.hotTankKWh * 1000) / heatingCOP
        let followCooling =
            max(0, request.coolingDemandWh[index] + (1 - coldRetention) * state.coldTankKWh * 1000) / coolingCOP
        let surplus = request.pvForecastWh[index] - request.loadWh[index] - followHeating - followCooling
        switch name {
        case .none, .optimal:
            return StepIntent(batteryWh: 0, heatingWh: followHeating, coolingWh: followCooling)
        case .selfConsumption:
            return StepIntent(batteryWh: surplus, heatingWh: followHeating, coolingWh: followCooling)
        case .touRules:
            switch levels.level(at: index) {
            case .cheapest:
                // Night: battery and tanks filled at full power.
                return StepIntent(
                    batteryWh: plant.battery.pcsPowerKW * hours * 1000,
                    heatingWh: plant.heating.heatPumpMaxElectricKW * hours * 1000,
                    coolingWh: plant.cooling.heatPumpMaxElectricKW * hours * 1000)
            case .dearest:
                // Peak: the tanks supply demand (the simulator still runs the pumps if a tank is empty),
                // the battery covers the deficit.
                return StepIntent(
                    batteryWh: min(0, surplus + followHeating + followCooling), heatingWh: 0, coolingWh: 0)
            case .middle:
                // Day: PV surplus into the battery, tanks drawn down.
                return StepIntent(
                    batteryWh: max(0, surplus + followHeating + followCooling), heatingWh: 0, coolingWh: 0)
            case .flat:
                return StepIntent(batteryWh: surplus, heatingWh: followHeating, coolingWh: followCooling)
            }
        }
    }
}

/// Which steps of a request are in the lowest and the highest import-price level of their day
/// (the next 24 h from each step): the "night" and "peak" of time-of-use rules, for any tariff.
struct PriceLevels {
    enum Level { case cheapest, middle, dearest, flat }
    let levels: [Level]

    init(request: PlanRequest) {
        let prices = request.importPriceMilliWonPerKWh
        let day = max(1, Int(TimeGrid.daySeconds / request.stepSeconds))
        var levels: [Level] = []
        levels.reserveCapacity(prices.count)
        for index in prices.indices {
            let window = prices[index..<min(prices.count, index + day)].compactMap { $0 }
            guard let price = prices[index], let lowest = window.min(), let highest = window.max() else {
                levels.append(.flat)
                continue
            }
            if highest == lowest {
                levels.append(.flat)
            } else if price == lowest {
                levels.append(.cheapest)
            } else if price == highest {
                levels.append(.dearest)
            } else {
                levels.append(.middle)
            }
        }
        self.levels = levels
    }

    func level(at index: Int) -> Level { levels[index] }
}
