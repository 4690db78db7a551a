import TestKit
import Testing

@testable import Tariffs

/// Invariants every shipped tariff must keep, checked over whole years and seeded random usage.
@Suite struct TariffPropertyTests {
    static let names: [String] = (try? TariffLibrary(directory: shippedTariffsDirectory).names()) ?? []

    @Test func everyTariffShipsAndLoads() throws {
        let expected = [
            "kepco-residential-low-voltage", "kepco-residential-high-voltage",
            "kepco-industrial-eul-high-voltage-a-option-1", "kepco-industrial-eul-high-voltage-a-option-2",
            "kepco-late-night-gap", "kepco-late-night-eul-1", "kepco-late-night-eul-2",
            "kepco-residential-tou-jeju", "smp-export", "urdb-sample-residential-tou",
        ]
        for name in expected { #expect(Self.names.contains(name), "missing \(name)") }
        for name in Self.names {
            let tariff = try shippedTariff(name)
            #expect(!tariff.sources.isEmpty, "\(name) names no source")
        }
    }

    /// Every quarter hour of 2024 (a leap year with holidays) lies in exactly one period as the
    /// file writes them, and the timeline reports that same period.
    @Test(arguments: names) func everyInstantIsInExactlyOnePeriod(name: String) throws {
        let tariff = try shippedTariff(name)
        let start = max(seoul(2024, 1, 1), tariff.versionStartDates[0].dayNumber * 86_400 - tariff.utcOffsetSeconds)
        let steps = Int((seoul(2025, 1, 1) - start) / 900)
        let timeline = try tariff.priceTimeline(from: start, steps: steps)
        #expect(timeline.count == steps)
        for step in timeline {
            let periods = try tariff.periodsDefined(at: step.start)
            #expect(periods == [step.period], "\(name) at \(step.start): \(periods)")
            if periods.count != 1 { return }
        }
    }

    /// Prices never go below zero unless the file allows it, whatever the month-to-date usage.
    @Test(arguments: names) func pricesAreNotNegative(name: String) throws {
        let tariff = try shippedTariff(name)
        var generator = SeededGenerator(seed: 0x5EED)
        for _ in 0..<40 {
            let start = seoul(2024, 1, 1) + Int64.random(in: 0..<(366 * 96), using: &generator) * 900
            let usage = Int64.random(in: 0...2_000_000, using: &generator)
            let timeline = try tariff.priceTimeline(
                from: start, steps: 96, monthToDateImportWh: usage, expectedImportWhPerStep: 500)
            for step in timeline where !tariff.allowsNegativePrices {
                #expect((step.importPriceMilliPerKWh ?? 0) >= 0)
                #expect((step.exportPriceMilliPerKWh ?? 0) >= 0)
            }
        }
    }

    /// Adding energy to any interval never lowers the month's total.
    ///
    /// Not for late-night 을Ⅱ, whose base charge scales with the daytime share of the month's
    /// energy: more night energy lowers that share, and the tariff means it to (see the test below).
    @Test(arguments: names.filter { $0 != "kepco-late-night-eul-2" })
    func billNeverDecreasesWhenUsageIncreases(name: String) throws {
        let tariff = try shippedTariff(name)
        var generator = SeededGenerator(seed: UInt64(name.utf8.count) &* 7919)
        for _ in 0..<12 {
            let month = LocalMonth(year: 2024, month: Int.random(in: 1...12, using: &generator))!
            // Only intervals where the tariff supplies energy (late-night tariffs: night hours).
            let starts = try quarterHours(of: month, utcOffsetSeconds: tariff.utcOffsetSeconds).filter {
                try tariff.price(at: $0).energyRateMilliPerKWh != nil
            }
            guard !starts.isEmpty else { continue }
            let scale = Int64.random(in: 1...3_000, using: &generator)
            var usage = starts.map {
                UsageInterval(
                    start: $0, importWh: Int64.random(in: 0...scale, using: &generator),
                    exportWh: Int64.random(in: 0...scale / 3, using: &generator))
            }
            var previous = try tariff.bill(month: month, usage: usage, contractKW: 50).totalMilli
            for _ in 0..<10 {
                let index = Int.random(in: usage.indices, using: &generator)
                usage[index].importWh += Int64.random(in: 1...200_000, using: &generator)
                let total = try tariff.bill(month: month, usage: usage, contractKW: 50).totalMilli
                #expect(total >= previous, "\(name) \(month): \(total) < \(previous)")
                previous = total
            }
        }
    }

    @Test func lateNightEulIIBillCanFallWhenNightUsageRises() throws {
        let tariff = try shippedTariff("kepco-late-night-eul-2")
        let month = LocalMonth(year: 2025, month: 1)!
        let day = UsageInterval(start: seoul(2025, 1, 6, 12), importWh: 100_000)
        let smallNight = UsageInterval(start: seoul(2025, 1, 6, 23), importWh: 100_000)
        let largeNight = UsageInterval(start: seoul(2025, 1, 6, 23), importWh: 200_000)
        // Base with 100 + 100 kWh: 7,160 × 50 × ½ = 179,000; with 100 + 200 kWh: 119,333 won.
        // The extra 100 night kWh cost (81.0 + 14) × 100 = 9,500 won: the bill falls.
        let small = try tariff.bill(month: month, usage: [day, smallNight], contractKW: 50)
        let large = try tariff.bill(month: month, usage: [day, largeNight], contractKW: 50)
        #expect(small.line(.base)?.amountMilli == won(179_000))
        #expect(large.line(.base)?.amountMilli == won(119_333))
        #expect(large.totalMilli < small.totalMilli)
    }
}
