// Times the two jobs the tariff engine does in bulk: a year-long 15-minute price timeline for the
// scheduler (35,040 steps) and a year of monthly bills for the village's 56 households.
// Run in release from Benchmarks/: `swift run -c release tariff-bench [../Tariffs]`.
import Foundation
import Tariffs
import VillageCore

/// Median wall time of `runs` calls of `body`, in milliseconds.
func medianMilliseconds(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var samples: [Double] = []
    for _ in 0..<runs {
        let elapsed = try clock.measure(body)
        samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
    samples.sort()
    return samples[samples.count / 2]
}

let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Tariffs"
let library = TariffLibrary(directory: directory)
let runs = 21
let yearStart: Int64 = 1_735_657_200  // 2025-01-01T00:00+09:00
let steps = 35_040

do {
    for name in ["kepco-residential-low-voltage", "kepco-industrial-eul-high-voltage-a-option-1"] {
        let tariff = try library.tariff(named: name)
        var count = 0
        let ms = try medianMilliseconds(runs: runs) {
            count = try tariff.priceTimeline(
                from: yearStart, steps: steps, monthToDateImportWh: 0, expectedImportWhPerStep: 120
            ).count
        }
        print("timeline \(name): \(count) steps, median \(String(format: "%.2f", ms)) ms over \(runs) runs")
    }

    // 56 households × 12 months of 15-minute usage, generated once outside the timing: a daily
    // shape plus seeded per-household noise, so every run bills the same usage.
    var households: [[UsageInterval]] = []
    for household in 0..<56 {
        var noise = SeededGenerator(seed: UInt64(household + 1))
        households.append(
            (0..<steps).map { index in
                let hour = (index / 4) % 24
                let shape: Int64 = (18...22).contains(hour) ? 180 : (7...9).contains(hour) ? 120 : 60
                let extra = Int64(noise.next() % 60)
                let export: Int64 = (10...15).contains(hour) ? Int64(noise.next() % 150) : 0
                return UsageInterval(
                    start: yearStart + Int64(index) * TimeGrid.quarterHourSeconds, importWh: shape + extra,
                    exportWh: export)
            })
    }
    for name in ["kepco-residential-low-voltage", "kepco-industrial-eul-high-voltage-a-option-1"] {
        let tariff = try library.tariff(named: name)
        var billCount = 0
        var totalMilli: Int64 = 0
        let ms = try medianMilliseconds(runs: runs) {
            billCount = 0
            totalMilli = 0
            for usage in households {
                for bill in try tariff.bills(usage: usage, contractKW: 10) {
                    billCount += 1
                    totalMilli += bill.totalMilli
                }
            }
        }
        print(
            "bills \(name): \(billCount) monthly bills (56 households × 12 months, \(56 * steps) intervals), median \(String(format: "%.2f", ms)) ms over \(runs) runs; sum of totals \(totalMilli / 1000) won"
        )
    }
} catch {
    print("tariff-bench: \(error)")
    exit(1)
}
