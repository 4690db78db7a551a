import EnergyDispatch
import Foundation
import Tariffs
import TestKit
import Testing

/// The comparison behind `village dispatch compare`, on the shipped KEPCO time-of-use tariff.
struct StrategyComparisonTests {
    @Test(
        "On the synthetic village with a KEPCO tariff, optimal saves at least as much as every rule",
        arguments: SyntheticVillage.Season.allCases)
    func optimalSavesMost(season: SyntheticVillage.Season) throws {
        let library = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        let tariff = try library.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1")
        let smp = try library.tariff(named: "smp-export")
        var request = SyntheticVillage.request(season: season, days: 2, seed: 42)
        let timeline = try request.price(with: tariff, exportTariff: smp)
        #expect(request.importPriceMilliWonPerKWh.allSatisfy { $0 != nil })
        let comparison = try StrategyComparison.run(request, periods: timeline.map(\.period))
        #expect(comparison.entries.map(\.strategy) == StrategyName.allCases)
        let none = try #require(comparison.entries.first { $0.strategy == .none })
        #expect(none.savingsOverNoneWon == 0)
        let optimal = try #require(comparison.entries.first { $0.strategy == .optimal })
        #expect(optimal.failedPlans == 0)
        #expect(optimal.savingsOverNoneWon > 0)
        for entry in comparison.entries {
            #expect(
                optimal.savingsOverNoneWon >= entry.savingsOverNoneWon,
                "\(entry.strategy.rawValue) saves more than optimal")
            #expect(
                abs(entry.cost.heatPumpKWhByPeriod.values.reduce(0, +) - entry.cost.heatPumpKWh) <= 1e-6
                    * max(1, entry.cost.heatPumpKWh))
        }
    }

    @Test("The synthetic village is reproducible from its seed and differs between seeds")
    func seeded() {
        let first = SyntheticVillage.request(season: .summer, days: 1, seed: 5)
        #expect(first == SyntheticVillage.request(season: .summer, days: 1, seed: 5))
        #expect(first != SyntheticVillage.request(season: .summer, days: 1, seed: 6))
        #expect(first.stepCount == 96)
        // 503 kWp never produces more than its rating in a quarter hour.
        #expect(first.pvForecastWh.allSatisfy { $0 <= 503 * 250 })
    }
}
