import Testing
import VillageStore

/// The forecasts plans were built on and the daily errors computed from them, stored and read back.
@Suite struct ForecastErrorStoreTests {
    @Test func forecastStepsAreReadBackByStepAndAPlanMadeAgainReplacesItsForecast() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let first = (0..<3).map {
            ForecastStepRecord(
                plannedAt: seoulMidnight, stepStart: seoulMidnight + Int64($0) * 900, pvWh: 0, loadWh: 500 + Int64($0),
                heatWh: 40, coolingWh: 0)
        }
        try await store.record(forecastSteps: first)
        var again = first[1]
        again.loadWh = 777
        try await store.record(forecastSteps: [again])
        let read = try await store.forecastSteps(stepFrom: seoulMidnight + 900, to: seoulMidnight + 2700)
        #expect(read == [again, first[2]])
        await #expect(throws: StoreError.self) {
            var offGrid = first[0]
            offGrid.stepStart += 60
            try await store.record(forecastSteps: [offGrid])
        }
    }

    @Test func theLatestDaysErrorsAreReadInOrderAndABadFigureIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        #expect(try await store.latestForecastErrors(days: 3).isEmpty)
        var records: [ForecastErrorRecord] = []
        for day in 0..<5 {
            for quantity in ForecastQuantity.allCases.reversed() {
                records.append(
                    ForecastErrorRecord(
                        dayStart: seoulMidnight + Int64(day) * 86_400, quantity: quantity, comparedSteps: 4656,
                        meanAbsoluteErrorWh: Double(day * 10), biasWh: -1, recordedMeanWh: 300))
            }
        }
        try await store.record(forecastErrors: records)
        let latest = try await store.latestForecastErrors(days: 2)
        #expect(
            latest.map(\.dayStart) == Array(repeating: seoulMidnight + 3 * 86_400, count: 4)
                + Array(repeating: seoulMidnight + 4 * 86_400, count: 4))
        #expect(latest.prefix(4).map(\.quantity) == [.pv, .load, .heat, .cooling])
        #expect(latest.last?.meanAbsoluteErrorWh == 40)

        var bad = records[0]
        bad.meanAbsoluteErrorWh = .nan
        let error = await #expect(throws: StoreError.self) { try await store.record(forecastErrors: [bad]) }
        #expect(error?.code == .invalidValue)
        #expect(try await store.forecastErrors().count == 20)
    }
}
