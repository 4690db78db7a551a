import EnergyDispatch
import Testing

/// An infeasible problem is reported with the family of constraints that made it so.
struct InfeasibilityTests {
    static func failure(_ change: (inout PlanRequest) -> Void, solver: SolverKind = .clp) -> DispatchError? {
        var request = RandomScenario.request(seed: 11, steps: 48)
        change(&request)
        do {
            _ = try OptimalStrategy(solver: solver.makeSolver()).plan(request)
            return nil
        } catch {
            return error
        }
    }

    @Test("Load above the grid limit and the battery: power balance", arguments: SolverKind.allCases)
    func powerBalance(solver: SolverKind) {
        let error = Self.failure(
            { request in
                request.loadWh[20] =
                    (request.plant.gridImportLimitKW + request.plant.battery.pcsPowerKW + 100) * 250
                    + request.pvForecastWh[20]
            }, solver: solver)
        #expect(error?.code == .infeasible)
        #expect(error?.constraint == .powerBalance)
        #expect(error?.step == 20)
    }

    @Test("Heat demand beyond tank and heat pump: heating supply", arguments: SolverKind.allCases)
    func heating(solver: SolverKind) {
        let error = Self.failure(
            { request in
                request.initialState.hotTankKWh = 0
                request.heatDemandWh[3] = request.plant.heating.heatPumpMaxElectricKW * 250 * 20
            }, solver: solver)
        #expect(error?.code == .infeasible)
        #expect(error?.constraint == .heatingSupply)
        #expect(error?.step == 3)
    }

    @Test("Cooling demand beyond tank and heat pump: cooling supply")
    func cooling() {
        let error = Self.failure { request in
            request.initialState.coldTankKWh = 0
            request.coolingDemandWh[0] = request.plant.cooling.heatPumpMaxElectricKW * 250 * 20
        }
        #expect(error?.constraint == .coolingSupply)
        #expect(error?.step == 0)
    }

    @Test("A terminal target above what charging can reach: terminal target")
    func terminalTarget() {
        let error = Self.failure { request in
            request.plant.battery.pcsPowerKW = 1
            request.plant.battery.socMaxFraction = 1
            request.plant.battery.socMinFraction = 0
            request.initialState.batteryEnergyKWh = 0
            request.plant.terminal = .targets(
                batteryKWh: request.plant.battery.capacityKWh, hotTankKWh: 0, coldTankKWh: 0)
        }
        #expect(error?.code == .infeasible)
        #expect(error?.constraint == .terminalTarget)
    }

    @Test("A feasible problem has no diagnosis")
    func feasible() {
        #expect(Self.failure { _ in } == nil)
    }
}
