import Foundation
import Testing
import VillageStore

/// `GET /metrics` shows the forecast errors of the last day with errors stored, one gauge per
/// quantity, and leaves out a quantity that had nothing to compare.
@Suite struct ForecastErrorMetricTests {
    @Test func theGaugesFollowTheLastDayStored() async throws {
        let server = try await ServerFixture.start()
        let manager = try await server.login("manager")
        let day = ServerFixture.day
        func record(_ dayStart: Int64, pv: Double, load: Double) -> [ForecastErrorRecord] {
            [
                ForecastErrorRecord(
                    dayStart: dayStart, quantity: .pv, comparedSteps: 4656, meanAbsoluteErrorWh: pv, biasWh: -3,
                    recordedMeanWh: 900),
                ForecastErrorRecord(
                    dayStart: dayStart, quantity: .load, comparedSteps: 4656, meanAbsoluteErrorWh: load, biasWh: 1,
                    recordedMeanWh: 600),
                ForecastErrorRecord(
                    dayStart: dayStart, quantity: .cooling, comparedSteps: 0, meanAbsoluteErrorWh: 0, biasWh: 0,
                    recordedMeanWh: 0),
            ]
        }
        try await server.store.record(forecastErrors: record(day - 86_400, pv: 999, load: 888))
        try await server.store.record(forecastErrors: record(day, pv: 412.5, load: 57.25))
        let scrape = try await server.request("GET", "/metrics", token: manager)
        #expect(scrape.status == 200)
        #expect(Self.value(of: #"village_forecast_mae_wh{quantity="pv"}"#, in: scrape.text) == 412.5, "\(scrape.text)")
        #expect(Self.value(of: #"village_forecast_mae_wh{quantity="load"}"#, in: scrape.text) == 57.25)
        #expect(!scrape.text.contains(#"quantity="cooling""#), "a quantity with nothing compared is not a perfect 0")
        #expect(!scrape.text.contains(#"quantity="heat""#))
    }

    static func value(of sample: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
