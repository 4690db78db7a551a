import EnergyDispatch
import Foundation
import Tariffs
import TestKit
import Testing

/// The battery-only view of a request (`heatPumpsFollowingDemand`), the problem an optimiser
/// without a tank model is given.
struct FollowDemandTests {
    @Test("The heat pumps' electricity joins the load step by step and the tanks leave the plan")
    func heatPumpsBecomeLoad() throws {
        let request = SyntheticVillage.request(season: .winter, days: 1, seed: 3)
        let battery = request.heatPumpsFollowingDemand()
        try battery.validate()
        #expect(battery.stepCount == request.stepCount)
        for step in 0..<request.stepCount {
            let pumpsWh =
                request.heatDemandWh[step] / request.heatingCOP(step: step)
                + request.coolingDemandWh[step] / request.coolingCOP(step: step)
            #expect(abs(battery.loadWh[step] - request.loadWh[step] - pumpsWh) <= 1e-9 * battery.loadWh[step])
        }
        // Winter heat demand is there to move, so the load must really have grown.
        #expect(battery.loadWh.reduce(0, +) > request.loadWh.reduce(0, +) + 1_000_000)
        #expect(battery.heatDemandWh.allSatisfy { $0 == 0 } && battery.coolingDemandWh.allSatisfy { $0 == 0 })
        #expect(battery.plant.heating.tankCapacityKWh == 0 && battery.plant.cooling.tankCapacityKWh == 0)
        #expect(battery.plant.heating.heatPumpMaxElectricKW == 0 && battery.plant.cooling.heatPumpMaxElectricKW == 0)
        #expect(battery.plant.battery == request.plant.battery)
        #expect(battery.initialState.batteryEnergyKWh == request.initialState.batteryEnergyKWh)
        #expect(battery.pvForecastWh == request.pvForecastWh)
    }

    @Test("On the battery-only week every strategy runs no heat pump, serves all load, and optimal costs least")
    func batteryOnlyComparison() throws {
        let library = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        let tariff = try library.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1")
        let smp = try library.tariff(named: "smp-export")
        var request = SyntheticVillage.request(season: .summer, days: 2, seed: 7)
        _ = try request.price(with: tariff, exportTariff: smp)
        let comparison = try StrategyComparison.run(request.heatPumpsFollowingDemand())
        let optimal = try #require(comparison.entries.first { $0.strategy == .optimal })
        #expect(optimal.failedPlans == 0)
        for entry in comparison.entries {
            let executed = try #require(entry.executed)
            #expect(executed.steps.count == request.stepCount)
            #expect(entry.cost.heatPumpKWh == 0)
            #expect(entry.cost.unservedKWh == 0)
            #expect(optimal.cost.totalWon <= entry.cost.totalWon + 1e-6, "\(entry.strategy.rawValue) costs less")
        }
    }
}
