import Testing
import VillageStore

/// Stored forecasts past the retention go once nothing needs them: their day's errors are stored,
/// or their day is older than the error computation looks back. The rest stays, however old.
@Suite struct ForecastRetentionTests {
    static let day: Int64 = 86_400

    /// Two steps of a plan made at noon of day `index` (counted from `seoulMidnight`), and the steps
    /// on either side of that day's end.
    static func steps(day index: Int64) -> [ForecastStepRecord] {
        let start = seoulMidnight + index * day
        return [start, start + 12 * 3600, start + 12 * 3600 + 900, start + day - 900].map {
            ForecastStepRecord(plannedAt: start, stepStart: $0, pvWh: 100, loadWh: 200, heatWh: 30, coolingWh: 0)
        }
    }

    static func errors(day index: Int64) -> [ForecastErrorRecord] {
        ForecastQuantity.allCases.map {
            ForecastErrorRecord(
                dayStart: seoulMidnight + index * day, quantity: $0, comparedSteps: 4, meanAbsoluteErrorWh: 10,
                biasWh: 1, recordedMeanWh: 150)
        }
    }

    @Test func scoredAndForgottenDaysGoAndDaysStillToBeScoredStay() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        for index in Int64(-1)...5 { try await store.record(forecastSteps: Self.steps(day: index)) }
        // Days 0, 1, 3 and 5 have their errors; -1, 2 and 4 do not.
        for index: Int64 in [0, 1, 3, 5] { try await store.record(forecastErrors: Self.errors(day: index)) }

        // Retention ends at noon of day 4; the computation looks back to day 0.
        let cutoff = seoulMidnight + 4 * Self.day + 12 * 3600
        let deleted = try await store.pruneForecastSteps(before: cutoff, unscoredDaysFrom: seoulMidnight)

        let left = try await store.forecastSteps(stepFrom: .min, to: .max)
        let expected =
            Self.steps(day: 2)  // not scored yet, within the look-back: kept, all of it
            + Self.steps(day: 4)  // not scored: kept, before and after the cutoff
            + Self.steps(day: 5)  // scored, but after the cutoff
        #expect(Set(left) == Set(expected))
        // Day -1 (beyond the look-back, never to be scored), days 0, 1 and 3 (scored, before the cutoff).
        #expect(deleted == 4 * 4)
        // The errors themselves are kept: they are the record a manager reads.
        #expect(Set(try await store.forecastErrors().map(\.dayStart)).count == 4)

        // Applied again, nothing more goes.
        #expect(try await store.pruneForecastSteps(before: cutoff, unscoredDaysFrom: seoulMidnight) == 0)
    }

    @Test func aStepBelongsToTheDayItStartsIn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        // The last quarter hour of day 0 (not scored) and the first of day 1 (scored).
        let last = ForecastStepRecord(
            plannedAt: seoulMidnight, stepStart: seoulMidnight + Self.day - 900, pvWh: 0, loadWh: 1, heatWh: 0,
            coolingWh: 0)
        var first = last
        first.stepStart = seoulMidnight + Self.day
        try await store.record(forecastSteps: [last, first])
        try await store.record(forecastErrors: Self.errors(day: 1))
        let deleted = try await store.pruneForecastSteps(
            before: seoulMidnight + 3 * Self.day, unscoredDaysFrom: seoulMidnight)
        #expect(deleted == 1)
        #expect(try await store.forecastSteps(stepFrom: .min, to: .max) == [last])
    }
}
