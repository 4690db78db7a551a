import EnergyDispatch
import Testing

/// The grid-charging policy and the import cap: in the LP, in the executed steps of the MPC loop,
/// for every strategy.
struct GridChargingPolicyTests {
    /// Two winter days (little PV) with cheap nights (60 ₩/kWh), a dear evening (230 ₩/kWh) and 120 ₩/kWh
    /// otherwise, exports at 50 ₩/kWh: buying at night for the evening pays, so without a policy the
    /// optimiser charges from the grid.
    static func village(seed: UInt64 = 11) -> PlanRequest {
        var request = SyntheticVillage.request(season: .winter, days: 2, seed: seed)
        for step in 0..<request.stepCount {
            let hour = (step / 4) % 24
            request.importPriceMilliWonPerKWh[step] = hour < 8 ? 60_000 : (hour >= 18 && hour < 23) ? 230_000 : 120_000
            request.exportPriceMilliWonPerKWh[step] = 50_000
        }
        return request
    }

    /// Battery charge beyond the PV surplus over the load, or grid import beyond what the load and
    /// the heat pumps need: energy bought for the battery, Wh.
    static func gridChargeWh(_ step: PlanStep, index: Int, of request: PlanRequest) -> Double {
        let net = request.loadWh[index] - request.pvForecastWh[index]
        let beyondSurplus = step.batteryChargeWh - max(0, -net)
        let beyondNeed = step.gridImportWh - max(0, net) - step.heatPumpHeatingWh - step.heatPumpCoolingWh
        return max(0, min(step.batteryChargeWh, max(beyondSurplus, beyondNeed)))
    }

    static func gridChargedWh(
        _ plan: DispatchPlan, on request: PlanRequest, where include: (Int) -> Bool = { _ in true }
    )
        -> Double
    {
        plan.steps.indices.filter(include).reduce(0) { $0 + gridChargeWh(plan.steps[$1], index: $1, of: request) }
    }

    @Test func allowedPolicyBuysForTheBattery() throws {
        var request = Self.village()
        request.plant.gridCharging = .allowed
        let result = try Backtest(strategy: OptimalStrategy()).run(request)
        #expect(Self.gridChargedWh(result.plan, on: request) > 50_000)
    }

    @Test(arguments: [StrategyName.optimal, .touRules, .selfConsumption, .none])
    func neverPolicyChargesOnlyFromSurplus(strategy: StrategyName) throws {
        var request = Self.village()
        request.plant.gridCharging = .never
        let result = try Backtest(strategy: strategy.makeStrategy()).run(request)
        #expect(result.failedPlans == 0)
        for (index, step) in result.plan.steps.enumerated() {
            let bought = Self.gridChargeWh(step, index: index, of: request)
            #expect(bought < 1e-3, "step \(index): \(bought) Wh from the grid into the battery")
            // In no interval where the village exports does the battery take grid energy.
            if step.gridExportWh > 1 { #expect(step.gridImportWh < 1e-3 || step.batteryChargeWh < 1e-3) }
        }
    }

    /// One plan of the whole two days: the LP itself respects the policy, not only the simulator.
    @Test func neverPolicyHoldsInThePlanItself() throws {
        var request = Self.village()
        request.plant.gridCharging = .never
        let plan = try OptimalStrategy().plan(request)
        #expect(Self.gridChargedWh(plan, on: request) < 1e-3)
        var allowed = request
        allowed.plant.gridCharging = .allowed
        #expect(try OptimalStrategy().plan(allowed).objectiveWon! <= plan.objectiveWon! + 1e-6)
    }

    @Test func cheaperThanChargesFromTheGridOnlyBelowThePrice() throws {
        var request = Self.village()
        request.plant.gridCharging = .cheaperThan(milliWonPerKWh: 100_000)
        let result = try Backtest(strategy: OptimalStrategy()).run(request)
        let dear = Self.gridChargedWh(result.plan, on: request) {
            (request.importPriceMilliWonPerKWh[$0] ?? 0) >= 100_000
        }
        #expect(dear < 1e-3)
        let cheap = Self.gridChargedWh(result.plan, on: request) {
            (request.importPriceMilliWonPerKWh[$0] ?? 0) < 100_000
        }
        #expect(cheap > 50_000)
    }

    @Test func importCapBindsStorageAndHeatPumpsNotTheLoad() throws {
        var request = Self.village()
        request.plant.gridCharging = .allowed
        let uncapped = try Backtest(strategy: OptimalStrategy()).run(request)
        let capKW = 120.0
        #expect(uncapped.cost.peakImportKW > capKW + 20)
        request.plant.importCapKW = capKW
        let capped = try Backtest(strategy: OptimalStrategy()).run(request)
        #expect(capped.failedPlans == 0)
        for (index, step) in capped.plan.steps.enumerated() {
            let loadKW = max(0, request.loadWh[index] - request.pvForecastWh[index]) / 1000 / request.stepHours
            #expect(step.gridImportWh / 1000 / request.stepHours <= max(capKW, loadKW) + 1e-6, "step \(index)")
        }
    }

    @Test func policyIsValidated() {
        var request = Self.village()
        request.plant.gridCharging = .cheaperThan(milliWonPerKWh: -1)
        #expect(throws: DispatchError.self) { try request.validate() }
        request.plant.gridCharging = .never
        request.plant.importCapKW = -.infinity
        #expect(throws: DispatchError.self) { try request.validate() }
    }
}
