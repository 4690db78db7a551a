import DispatchControl
import EnergyDispatch
import FirmwareSim
import Foundation
import Logging
import TestKit
import Testing
import VillageCore
import VillageStore

/// The controller applies the store's raw-data retention to the forecasts it stores, once a local
/// day: a forecast past the retention goes once its day's errors are stored, and not before; the
/// plans' superseded steps past it go too.
@Suite(.serialized) struct ControllerForecastRetentionTests {
    @Test func forecastsPastTheRetentionGoOnlyOnceTheirDayIsScored() async throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let day: Int64 = 86_400
        let store = try VillageStore(
            path: directory.appendingPathComponent("village.sqlite").path,
            configuration: StoreConfiguration(rawRetentionSeconds: day))
        let forecasts = GivenForecasts()
        forecasts.set(pvWh: 0, loadWh: 20_000, heatWh: 2_000)
        let log = RecordedLog()
        let fixture = try ControllerFixture(
            strategy: .selfConsumption, forecasts: forecasts, store: store, logger: log.logger())
        defer { fixture.village.stop() }
        let day0 = ControllerFixture.winterMidnight
        func stored(_ from: Int64, _ to: Int64) async throws -> [ForecastStepRecord] {
            try await store.forecastSteps(stepFrom: from, to: to)
        }
        func step(_ at: Int64) async throws {
            let report = await fixture.controller.step(at: at)
            try #require(report.failure == nil, "\(report.failure ?? "")")
        }

        // 23:00 on day 0: a 4-hour plan, 4 steps in day 0 and 12 in day 1.
        try await step(day0 + 23 * 3600)
        #expect(try await stored(day0, day0 + day).count == 4)
        #expect(try await stored(day0 + day, day0 + 2 * day).count == 12)

        // Next at 00:30 on day 2 (the daemon was down): day 0 is scored and its forecasts are past the
        // one-day retention, so they go; day 1 ended only 30 minutes ago and is not scored yet, so its
        // forecasts stay, though two of them are older than the retention.
        try await step(day0 + 2 * day + 1800)
        #expect(try await store.forecastErrors().map(\.dayStart) == Array(repeating: day0, count: 4))
        #expect(try await stored(day0, day0 + day).isEmpty)
        let dayOne = try await stored(day0 + day, day0 + 2 * day)
        #expect(dayOne.count == 12)
        #expect(dayOne.contains { $0.stepStart < day0 + 2 * day + 1800 - day })

        // 01:30: day 1 is scored now; the retention runs once a day, so its forecasts wait for day 3.
        try await step(day0 + 2 * day + 5400)
        #expect(Set(try await store.forecastErrors().map(\.dayStart)) == [day0, day0 + day])
        #expect(try await stored(day0 + day, day0 + 2 * day).count == 12)

        // 01:30 on day 3: day 1's forecasts go, and day 2's older than a day (it is scored by now).
        try await step(day0 + 3 * day + 5400)
        #expect(Set(try await store.forecastErrors().map(\.dayStart)) == [day0, day0 + day, day0 + 2 * day])
        let cutoff = day0 + 2 * day + 5400
        let left = try await stored(.min, .max)
        #expect(!left.isEmpty)
        #expect(left.allSatisfy { $0.stepStart >= cutoff }, "\(left.map(\.stepStart).min() ?? 0) < \(cutoff)")
        // Everything at or after the cutoff stayed: the two plans of day 2 (from 00:30 and 01:30) and
        // the one just made.
        #expect(left.count == Set(left.map(\.plannedAt)).count * 16 - 4)

        // A day later: the plans' steps older than the retention are pruned as well. The 00:30 plan's
        // steps from 01:30 on were superseded by the 01:30 plan and went; its first four stayed, and
        // before the cutoff one plan's row is left per step.
        try await step(day0 + 4 * day + 5400)
        let planCutoff = day0 + 3 * day + 5400
        let old = try await store.dispatchPlanSteps(plannedFrom: .min, to: .max).filter { $0.stepStart < planCutoff }
        #expect(Set(old.map(\.stepStart)).count == old.count)
        let halfPastMidnight = old.filter { $0.plannedAt == day0 + 2 * day + 1800 }.map(\.stepStart)
        #expect(halfPastMidnight == stride(from: day0 + 2 * day + 1800, to: day0 + 2 * day + 5400, by: 900).map { $0 })
        #expect(old.contains { $0.plannedAt == day0 + 2 * day + 5400 && $0.stepStart == day0 + 2 * day + 5400 })
        #expect(!log.lines.contains { $0.level >= .warning }, "\(log.lines.map(\.message))")
        await fixture.controller.close()
    }
}
