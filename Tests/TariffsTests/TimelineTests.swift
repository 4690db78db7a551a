import Foundation
import Testing

@testable import Tariffs

/// The scheduler's view: 15-minute steps with import and export prices.
@Suite struct TimelineTests {
    @Test func industrialWeekdayFollowsThePeriods() throws {
        let tariff = try shippedTariff("kepco-industrial-eul-high-voltage-a-option-1")
        // Monday 2024-08-12 (summer), from 07:00 local for 6 hours.
        let timeline = try tariff.priceTimeline(from: seoul(2024, 8, 12, 7), steps: 24)
        #expect(timeline.count == 24)
        #expect(zip(timeline, timeline.dropFirst()).allSatisfy { $1.start - $0.start == 900 })
        let periods = timeline.map(\.period)
        #expect(periods[0..<4].allSatisfy { $0 == "light" })  // 07:00-08:00
        #expect(periods[4..<16].allSatisfy { $0 == "mid" })  // 08:00-11:00
        #expect(periods[16..<20].allSatisfy { $0 == "peak" })  // 11:00-12:00
        #expect(periods[20..<24].allSatisfy { $0 == "mid" })  // 12:00-13:00
        // Peak: (227.8 + 14) × 1.132 = 273.7176 → 273,718 milli-won.
        #expect(timeline[16].importPriceMilliPerKWh == 273_718)
        #expect(timeline[16].exportPriceMilliPerKWh == nil)
    }

    @Test func tiersResetAtTheStartOfALocalMonth() throws {
        let tariff = try shippedTariff("kepco-residential-low-voltage")
        // 31 August 23:00 with 500 kWh used (tier 3), into September (tier 1 again).
        let timeline = try tariff.priceTimeline(from: seoul(2024, 8, 31, 23), steps: 8, monthToDateImportWh: 500_000)
        // August tier 3: (307.3 + 14) × 1.132 = 363.7116; September tier 1: (120 + 14) × 1.132 = 151.688.
        #expect(timeline[0..<4].allSatisfy { $0.importPriceMilliPerKWh == 363_712 })
        #expect(timeline[4..<8].allSatisfy { $0.importPriceMilliPerKWh == 151_688 })
    }

    @Test func expectedUsageClimbsTheTiers() throws {
        let tariff = try shippedTariff("kepco-residential-low-voltage")
        // 199 kWh used in March 2024, 0.5 kWh more per step: tier 2 from the third step (200 kWh
        // reached). Fund 3.7 % then: tier 1 (120 + 14) × 1.137 = 152.358, tier 2 (214.6 + 14) × 1.137 = 259.9182.
        let timeline = try tariff.priceTimeline(
            from: seoul(2024, 3, 10), steps: 4, monthToDateImportWh: 199_000, expectedImportWhPerStep: 500)
        #expect(timeline.map(\.importPriceMilliPerKWh) == [152_358, 152_358, 259_918, 259_918])
    }

    @Test func smpExportSeriesChangesByMonth() throws {
        let tariff = try shippedTariff("smp-export")
        #expect(try tariff.price(at: seoul(2022, 12, 15, 12)).exportPriceMilliPerKWh == 267_600)
        #expect(try tariff.price(at: seoul(2023, 6, 15, 12)).exportPriceMilliPerKWh == 167_500)
        #expect(try tariff.price(at: seoul(2025, 12, 31, 23, 45)).exportPriceMilliPerKWh == 125_000)
        #expect(try tariff.price(at: seoul(2023, 6, 15, 12)).importPriceMilliPerKWh == nil)
    }

    @Test func dynamicTariffFromAQuarterHourSeries() throws {
        let yaml = """
            title: day-ahead test
            kind: dynamic
            negative_prices_allowed: true
            versions:
              - from: 2024-01-01
                import_series: dynamic-test.csv
                export: {price: 50.0}
            """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tariffs-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = "start,price\n2024-05-01T12:00+09:00,80.5\n2024-05-01T12:15+09:00,-10\n2024-05-01T12:30+09:00,95\n"
        try csv.write(to: directory.appendingPathComponent("dynamic-test.csv"), atomically: true, encoding: .utf8)
        let tariff = try Tariff.parse(
            yaml: yaml, name: "dynamic-test", file: "dynamic-test.yaml", directory: directory.path)
        let timeline = try tariff.priceTimeline(from: seoul(2024, 5, 1, 12), steps: 4)
        #expect(timeline.map(\.importPriceMilliPerKWh) == [80_500, -10_000, 95_000, nil])
        #expect(timeline.allSatisfy { $0.exportPriceMilliPerKWh == 50_000 })
        let bill = try tariff.bill(
            month: LocalMonth(year: 2024, month: 5)!,
            usage: [
                UsageInterval(start: seoul(2024, 5, 1, 12), importWh: 1_000),
                UsageInterval(start: seoul(2024, 5, 1, 12, 15), importWh: 2_000),
            ])
        // 1 kWh × 80.5 + 2 kWh × −10 = 60.5 → 60 (truncated).
        #expect(bill.line(.energy)?.amountMilli == won(60))
    }
}
