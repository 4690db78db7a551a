import Testing

@testable import EnergyDispatch

/// Under the automatic terminal condition a plan may not drain the tanks for free: it ends each
/// tank at least where it began, making the heat at the cheapest time in the horizon, and where the
/// heat pumps cannot keep up it still plans, paying the shortfall's penalty.
struct TankFloorTests {
    /// A summer day without PV (so no surplus makes heat cheap by day), cheap nights (00–08 and
    /// 22–24 at 60 ₩/kWh, 150 ₩/kWh otherwise) and both tanks 95 % full at midnight.
    static func fullTanksAtMidnight(seed: UInt64) -> PlanRequest {
        var request = SyntheticVillage.request(season: .summer, days: 1, seed: seed)
        request.pvForecastWh = Array(repeating: 0, count: request.stepCount)
        for step in 0..<request.stepCount {
            let hour = step / 4
            request.importPriceMilliWonPerKWh[step] = hour < 8 || hour >= 22 ? 60_000 : 150_000
        }
        request.initialState.hotTankKWh = 0.95 * request.plant.heating.tankCapacityKWh
        request.initialState.coldTankKWh = 0.95 * request.plant.cooling.tankCapacityKWh
        return request
    }

    static func isNight(_ step: Int) -> Bool { step / 4 < 8 || step / 4 >= 22 }

    /// Heat-pump electricity of a plan in the night (cheap) steps, kWh.
    static func nightPumpingKWh(_ plan: DispatchPlan) -> Double {
        plan.steps.indices.filter(isNight).reduce(0) {
            $0 + (plan.steps[$1].heatPumpHeatingWh + plan.steps[$1].heatPumpCoolingWh) / 1000
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func tanksEndWhereTheyBeganAndAreChargedAtNight(seed: UInt64) throws {
        let request = Self.fullTanksAtMidnight(seed: seed)
        let plan = try OptimalStrategy().plan(request)
        let last = try #require(plan.steps.last)
        #expect(last.hotTankWh / 1000 >= request.initialState.hotTankKWh - 1e-6)
        #expect(last.coldTankWh / 1000 >= request.initialState.coldTankKWh - 1e-6)
        #expect(Self.nightPumpingKWh(plan) > 50, "heat pumps ran \(Self.nightPumpingKWh(plan)) kWh at night")
        // The LP's objective is still the evaluator's total, penalty included (here none).
        let cost = CostEvaluator.cost(of: plan, on: request)
        #expect(cost.tankShortfallPenaltyWon < 1e-6)
        #expect(abs(cost.totalWon - (plan.objectiveWon ?? .nan)) <= 1e-6 * max(1, abs(cost.totalWon)))
    }

    /// Without the floor (the same stored-energy values given explicitly) the same day ends with
    /// emptier tanks and runs the heat pumps less at night: the floor is what makes night charging show.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func withoutTheFloorTheSameDayDrainsTheTanks(seed: UInt64) throws {
        let request = Self.fullTanksAtMidnight(seed: seed)
        let withFloor = try OptimalStrategy().plan(request)
        var unfloored = request
        let values = request.terminalValues()
        unfloored.plant.terminal = .values(
            batteryMilliWonPerKWh: values.battery, hotTankMilliWonPerKWh: values.hot,
            coldTankMilliWonPerKWh: values.cold)
        #expect(unfloored.tankShortfallPenalties() == (0, 0))
        let plan = try OptimalStrategy().plan(unfloored)
        let last = try #require(plan.steps.last)
        let start = request.initialState.hotTankKWh + request.initialState.coldTankKWh
        #expect((last.hotTankWh + last.coldTankWh) / 1000 < start - 10)
        #expect(
            Self.nightPumpingKWh(plan) < Self.nightPumpingKWh(withFloor) - 50,
            "night pumping \(Self.nightPumpingKWh(plan)) kWh without the floor, \(Self.nightPumpingKWh(withFloor)) with"
        )
    }

    /// In the last two hours, heat demand half again above the most the heat pumps make (at the
    /// COP curve's maximum): the tank can serve it but not end where it began. The plan is still made
    /// (no infeasibility), and the shortfall is priced in the evaluator's total as in the LP.
    @Test func aFloorTheHeatPumpsCannotHoldStillPlans() throws {
        var request = Self.fullTanksAtMidnight(seed: 1)
        let heating = request.plant.heating
        let mostPerStepWh = heating.heatPumpMaxElectricKW * request.stepHours * heating.cop.maximum * 1000
        for step in (request.stepCount - 8)..<request.stepCount { request.heatDemandWh[step] += 1.5 * mostPerStepWh }
        let plan = try OptimalStrategy().plan(request)
        let last = try #require(plan.steps.last)
        #expect(last.hotTankWh / 1000 < request.initialState.hotTankKWh - 1)
        let cost = CostEvaluator.cost(of: plan, on: request)
        #expect(cost.tankShortfallPenaltyWon > 0)
        #expect(abs(cost.totalWon - (plan.objectiveWon ?? .nan)) <= 1e-6 * max(1, abs(cost.totalWon)))
    }

    /// The penalty scales with `tankShortfallPenaltyFactor` (twice the dearest heat by default), in
    /// the evaluator's total as in the LP.
    @Test func theShortfallPenaltyFollowsItsFactor() throws {
        var request = Self.fullTanksAtMidnight(seed: 1)
        let highest = Double(request.importPriceMilliWonPerKWh.compactMap { $0 }.max() ?? 0)
        let heatingCOP = (0..<request.stepCount).map(request.heatingCOP(step:)).min() ?? 1
        #expect(request.plant.tankShortfallPenaltyFactor == 2)
        #expect(abs(request.tankShortfallPenalties().hot - 2 * highest / max(heatingCOP, 1)) < 1e-9)
        request.plant.tankShortfallPenaltyFactor = 5
        #expect(abs(request.tankShortfallPenalties().hot - 5 * highest / max(heatingCOP, 1)) < 1e-9)
        // A floor the heat pumps cannot hold: the same shortfall costs 5/2 as much.
        let heating = request.plant.heating
        let mostPerStepWh = heating.heatPumpMaxElectricKW * request.stepHours * heating.cop.maximum * 1000
        for step in (request.stepCount - 8)..<request.stepCount { request.heatDemandWh[step] += 1.5 * mostPerStepWh }
        let plan = try OptimalStrategy().plan(request)
        let cost = CostEvaluator.cost(of: plan, on: request)
        #expect(cost.tankShortfallPenaltyWon > 0)
        #expect(abs(cost.totalWon - (plan.objectiveWon ?? .nan)) <= 1e-6 * max(1, abs(cost.totalWon)))
        var twice = request
        twice.plant.tankShortfallPenaltyFactor = 2
        let twicePlan = try OptimalStrategy().plan(twice)
        let twiceCost = CostEvaluator.cost(of: twicePlan, on: twice)
        let hotShortfall = { (plan: DispatchPlan, request: PlanRequest) in
            request.initialState.hotTankKWh - (plan.steps.last?.hotTankWh ?? 0) / 1000
        }
        // Both plans fall short by what the heat pumps cannot make, priced at their own factor.
        #expect(abs(hotShortfall(plan, request) - hotShortfall(twicePlan, twice)) < 1e-3)
        #expect(
            abs(cost.tankShortfallPenaltyWon - 2.5 * twiceCost.tankShortfallPenaltyWon)
                <= 1e-6 * max(1, cost.tankShortfallPenaltyWon))
    }

    /// The night charge target: tanks starting 60 % full at midnight are 95 % full when the step
    /// ending at 08:00 ends, charged in the night hours.
    @Test func theNightChargeTargetFillsTheTanksByMorning() throws {
        var request = Self.fullTanksAtMidnight(seed: 1)
        request.initialState.hotTankKWh = 0.6 * request.plant.heating.tankCapacityKWh
        request.initialState.coldTankKWh = 0.6 * request.plant.cooling.tankCapacityKWh
        request.plant.tankChargeTarget = TankChargeTarget(minuteOfDay: 8 * 60, hotFraction: 0.95, coldFraction: 0.95)
        let plan = try OptimalStrategy().plan(request)
        let morning = plan.steps[31]
        #expect(morning.hotTankWh / 1000 >= 0.95 * request.plant.heating.tankCapacityKWh - 1e-6)
        #expect(morning.coldTankWh / 1000 >= 0.95 * request.plant.cooling.tankCapacityKWh - 1e-6)
        let cost = CostEvaluator.cost(of: plan, on: request)
        #expect(cost.tankShortfallPenaltyWon < 1e-6)
        #expect(abs(cost.totalWon - (plan.objectiveWon ?? .nan)) <= 1e-6 * max(1, abs(cost.totalWon)))
    }
}
