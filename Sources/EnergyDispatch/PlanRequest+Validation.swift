extension PlanRequest {
    /// Checks every parameter and series once, before any strategy runs, so a bad value is named
    /// instead of surfacing as an infeasible or nonsensical plan.
    public func validate() throws(DispatchError) {
        guard stepSeconds > 0 else {
            throw DispatchError(.invalidParameter, field: "stepSeconds", "the step length must be positive")
        }
        guard stepCount > 0 else {
            throw DispatchError(.invalidSeries, field: "pvForecastWh", "the horizon has no steps")
        }
        let series: [(String, [Double])] = [
            ("pvForecastWh", pvForecastWh), ("loadWh", loadWh), ("heatDemandWh", heatDemandWh),
            ("coolingDemandWh", coolingDemandWh), ("outdoorTemperatureCelsius", outdoorTemperatureCelsius),
        ]
        for (name, values) in series {
            guard values.count == stepCount else {
                throw DispatchError(.invalidSeries, field: name, "has \(values.count) steps, the horizon \(stepCount)")
            }
            if let step = values.firstIndex(where: { !$0.isFinite }) {
                throw DispatchError(.invalidSeries, field: name, step: step, "is not a finite number")
            }
            if name != "outdoorTemperatureCelsius", let step = values.firstIndex(where: { $0 < 0 }) {
                throw DispatchError(.invalidSeries, field: name, step: step, "is negative")
            }
        }
        for (name, count) in [
            ("importPriceMilliWonPerKWh", importPriceMilliWonPerKWh.count),
            ("exportPriceMilliWonPerKWh", exportPriceMilliWonPerKWh.count),
        ]
        where count != stepCount {
            throw DispatchError(.invalidSeries, field: name, "has \(count) steps, the horizon \(stepCount)")
        }
        try plant.validate()
        try validateState()
        try validateReserve()
    }

    private func validateState() throws(DispatchError) {
        let battery = plant.battery
        let tolerance = 1e-9
        guard initialState.batteryEnergyKWh.isFinite,
            initialState.batteryEnergyKWh >= battery.minimumEnergyKWh - tolerance,
            initialState.batteryEnergyKWh <= battery.maximumEnergyKWh + tolerance
        else {
            throw DispatchError(
                .invalidParameter, field: "initialState.batteryEnergyKWh",
                "\(initialState.batteryEnergyKWh) kWh is outside the SoC window \(battery.minimumEnergyKWh)–\(battery.maximumEnergyKWh) kWh"
            )
        }
        for (name, value, capacity) in [
            ("initialState.hotTankKWh", initialState.hotTankKWh, plant.heating.tankCapacityKWh),
            ("initialState.coldTankKWh", initialState.coldTankKWh, plant.cooling.tankCapacityKWh),
        ] {
            guard value.isFinite, value >= 0, value <= capacity + tolerance else {
                throw DispatchError(
                    .invalidParameter, field: name, "\(value) kWh is outside the tank's 0–\(capacity) kWh")
            }
        }
    }

    /// A reserve outside the window, or higher than charging at full PCS power from the initial
    /// SoC can reach by its first occurrence, is rejected before the solver sees it.
    private func validateReserve() throws(DispatchError) {
        guard let reserve = plant.reserve else { return }
        let battery = plant.battery
        guard reserve.minuteOfDay >= 0, reserve.minuteOfDay < 1440, Int64(reserve.minuteOfDay * 60) % stepSeconds == 0
        else {
            throw DispatchError(
                .invalidParameter, field: "reserve.minuteOfDay",
                "\(reserve.minuteOfDay) is not a step boundary of a day")
        }
        guard reserve.socFraction.isFinite, reserve.socFraction >= battery.socMinFraction,
            reserve.socFraction <= battery.socMaxFraction
        else {
            throw DispatchError(
                .infeasibleReserve, field: "reserve.socFraction",
                "\(reserve.socFraction) is outside the SoC window \(battery.socMinFraction)–\(battery.socMaxFraction)")
        }
        let needed = reserve.socFraction * battery.capacityKWh
        let perStep = battery.pcsPowerKW * stepHours * battery.chargeEfficiency
        for step in reserveSteps() {
            let reachable = min(battery.maximumEnergyKWh, initialState.batteryEnergyKWh + perStep * Double(step + 1))
            if reachable + 1e-9 < needed {
                throw DispatchError(
                    .infeasibleReserve, field: "reserve.socFraction", step: step,
                    "needs \(needed) kWh by the end of step \(step), but charging at the full \(battery.pcsPowerKW) kW reaches only \(reachable) kWh"
                )
            }
        }
    }
}

extension PlantParameters {
    /// Ranges of every plant parameter.
    public func validate() throws(DispatchError) {
        func require(_ condition: Bool, _ field: String, _ message: String) throws(DispatchError) {
            if !condition { throw DispatchError(.invalidParameter, field: field, message) }
        }
        func nonNegative(_ value: Double, _ field: String) throws(DispatchError) {
            try require(value.isFinite && value >= 0, field, "must be a finite number ≥ 0, is \(value)")
        }
        try nonNegative(gridImportLimitKW, "gridImportLimitKW")
        try nonNegative(gridExportLimitKW, "gridExportLimitKW")
        try nonNegative(battery.capacityKWh, "battery.capacityKWh")
        try nonNegative(battery.pcsPowerKW, "battery.pcsPowerKW")
        try nonNegative(battery.wearCostMilliWonPerKWh, "battery.wearCostMilliWonPerKWh")
        try require(
            battery.socMinFraction >= 0 && battery.socMinFraction <= 1, "battery.socMinFraction",
            "must be within 0–1, is \(battery.socMinFraction)")
        try require(
            battery.socMaxFraction >= 0 && battery.socMaxFraction <= 1, "battery.socMaxFraction",
            "must be within 0–1, is \(battery.socMaxFraction)")
        try require(
            battery.socMinFraction <= battery.socMaxFraction, "battery.socMinFraction",
            "SoC minimum \(battery.socMinFraction) is above the maximum \(battery.socMaxFraction)")
        try require(
            battery.chargeEfficiency > 0 && battery.chargeEfficiency <= 1, "battery.chargeEfficiency",
            "must be within (0, 1], is \(battery.chargeEfficiency)")
        try require(
            battery.dischargeEfficiency > 0 && battery.dischargeEfficiency <= 1, "battery.dischargeEfficiency",
            "must be within (0, 1], is \(battery.dischargeEfficiency)")
        for (name, side) in [("heating", heating), ("cooling", cooling)] {
            try nonNegative(side.heatPumpMaxElectricKW, "\(name).heatPumpMaxElectricKW")
            try nonNegative(side.tankCapacityKWh, "\(name).tankCapacityKWh")
            try require(
                side.standingLossFractionPerHour >= 0 && side.standingLossFractionPerHour < 1,
                "\(name).standingLossFractionPerHour",
                "must be within [0, 1), is \(side.standingLossFractionPerHour)")
            try require(
                side.cop.minimum > 0 && side.cop.minimum <= side.cop.maximum && side.cop.maximum.isFinite,
                "\(name).cop",
                "needs 0 < minimum ≤ maximum, is \(side.cop.minimum)–\(side.cop.maximum)")
            try require(
                side.cop.copAtZeroCelsius.isFinite && side.cop.slopePerCelsius.isFinite, "\(name).cop", "must be finite"
            )
        }
        try nonNegative(demandChargeMilliWonPerKW, "demandChargeMilliWonPerKW")
        try nonNegative(peakImportSoFarKW, "peakImportSoFarKW")
        if let importCapKW { try nonNegative(importCapKW, "importCapKW") }
        if case .cheaperThan(let limit) = gridCharging {
            try require(
                limit >= 0, "gridCharging", "the price below which the grid may charge must be ≥ 0, is \(limit)")
        }
        try require(
            tankShortfallPenaltyFactor.isFinite && tankShortfallPenaltyFactor >= 1, "tankShortfallPenaltyFactor",
            "must be at least 1 (below, a shortfall costs less than making the heat), is \(tankShortfallPenaltyFactor)")
        if let target = tankChargeTarget {
            try require(
                (0...1).contains(target.hotFraction) && (0...1).contains(target.coldFraction), "tankChargeTarget",
                "fractions must be within [0, 1], are \(target.hotFraction) and \(target.coldFraction)")
        }
        switch terminal {
        case .automatic: break
        case .values(let batteryValue, let hot, let cold):
            try nonNegative(batteryValue, "terminal.batteryMilliWonPerKWh")
            try nonNegative(hot, "terminal.hotTankMilliWonPerKWh")
            try nonNegative(cold, "terminal.coldTankMilliWonPerKWh")
        case .targets(let batteryTarget, let hot, let cold):
            try require(
                batteryTarget.isFinite && batteryTarget <= battery.maximumEnergyKWh, "terminal.batteryKWh",
                "\(batteryTarget) kWh is above the SoC maximum \(battery.maximumEnergyKWh) kWh")
            try require(
                hot.isFinite && hot <= heating.tankCapacityKWh, "terminal.hotTankKWh",
                "\(hot) kWh is above the tank's \(heating.tankCapacityKWh) kWh")
            try require(
                cold.isFinite && cold <= cooling.tankCapacityKWh, "terminal.coldTankKWh",
                "\(cold) kWh is above the tank's \(cooling.tankCapacityKWh) kWh")
        }
    }
}
