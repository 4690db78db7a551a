import DispatchControl
import EnergyDispatch
import FirmwareSim
import Foundation
import Testing

/// The billing month's peak import reaches every plan, so a demand charge is paid only on a new peak.
@Suite(.serialized) struct PeakCarryTests {
    /// Given forecasts, and a measured month peak that records what it was asked for.
    final class MeasuredPeak: ForecastSource, @unchecked Sendable {
        let forecasts = GivenForecasts()
        let peakKW: Double
        private let lock = NSLock()
        private var spans: [(from: Int64, to: Int64)] = []

        init(peakKW: Double) { self.peakKW = peakKW }

        var asked: [(from: Int64, to: Int64)] { lock.withLock { spans } }

        func forecast(from start: Int64, steps: Int, stepSeconds: Int64) async throws -> SiteForecast {
            try await forecasts.forecast(from: start, steps: steps, stepSeconds: stepSeconds)
        }

        func peakImportKW(from: Int64, to: Int64) async throws -> Double {
            lock.withLock { spans.append((from, to)) }
            return peakKW
        }
    }

    @Test func billingMonthStartsAtLocalMidnightOfTheFirst() {
        let seoul: Int64 = 9 * 3600
        // 2025-01-01 00:00 KST is 2024-12-31 15:00 UTC.
        #expect(billingMonthStart(of: 1_735_657_200, utcOffsetSeconds: seoul) == 1_735_657_200)
        #expect(billingMonthStart(of: 1_735_657_200 + 20 * 86_400 + 3_600, utcOffsetSeconds: seoul) == 1_735_657_200)
        #expect(billingMonthStart(of: 1_735_657_200 - 1, utcOffsetSeconds: seoul) == 1_732_978_800)  // 2024-12-01 KST
    }

    @Test func everyPlanStartsFromTheMonthsPeak() async throws {
        let source = MeasuredPeak(peakKW: 151.5)
        source.forecasts.set(pvWh: 0, loadWh: 20_000)
        let fixture = try ControllerFixture(strategy: .optimal, forecasts: source)
        defer { fixture.village.stop() }
        let measured = await fixture.controller.readPlant()
        let (request, _) = try await fixture.controller.plan(at: fixture.now, measured: measured)
        #expect(request.plant.peakImportSoFarKW == 151.5)
        let report = await fixture.controller.step(at: fixture.now)
        #expect(report.failure == nil)
        #expect(source.asked.count == 2)
        for span in source.asked {
            #expect(span.from == ControllerFixture.winterMidnight && span.to == fixture.now)
        }
        await fixture.controller.close()
    }
}
