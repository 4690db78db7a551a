// ledger-bench: how fast the SQLite ledger settles and answers balances.
//
//     ledger-bench seed PATH [households] [days]      settle synthetic villages into a new ledger
//     ledger-bench pipeline PATH TARIFFS-DIR [days]   metered intervals → MeteredSettlement (56 households)
//     ledger-bench balance PATH HOUSEHOLD             monthly balances of one household, best of 5
//
// Release build, from Benchmarks/: `swift run -c release ledger-bench …`. Times are wall-clock.

import Foundation
import Market
import MarketStore
import Tariffs
import VillageCore
import VillageStore

let arguments = CommandLine.arguments
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ledger-bench: \(message)\n".utf8))
    exit(2)
}
func seconds(since start: ContinuousClock.Instant) -> Double {
    let duration = ContinuousClock.now - start
    return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
let firstInterval: Int64 = 1_767_193_200  // 2026-01-01 00:00 Asia/Seoul

func openStore(_ path: String, households: Int) async throws -> VillageStore {
    let store = try VillageStore(path: path)
    let ids = (0..<households).map(RandomVillage.unitNumber)
    try await store.register(
        site: SiteRecord(id: "bench", name: "bench"), households: ids.map(HouseholdRecord.init),
        devices: ids.map { DeviceRecord(id: "\($0)-elec", householdId: $0, kind: "meter", profile: "generic") })
    return store
}

guard arguments.count >= 3 else { fail("usage: ledger-bench seed|pipeline|balance PATH …") }
let path = arguments[2]
do {
    switch arguments[1] {
    case "seed":
        let households = arguments.count > 3 ? Int(arguments[3]) ?? 56 : 56
        let days = arguments.count > 4 ? Int(arguments[4]) ?? 365 : 365
        let store = try await openStore(path, households: households)
        let ledger = SQLiteLedgerStore(store: store)
        let intervals = days * 96
        var rng = SeededGenerator(seed: 0x5EED)
        let start = ContinuousClock.now
        var settleSeconds = 0.0
        // One SQLite transaction per day, as `village market settle` does.
        for day in 0..<days {
            var inputs: [IntervalSettlementInput] = []
            for slot in 0..<96 {
                let intervalStart = firstInterval + Int64(day * 96 + slot) * 900
                let village = RandomVillage.random(households: households, using: &rng, intervalStart: intervalStart)
                let clearing = try MarketClearing.clear(village.book(), mechanism: .default, prices: village.prices)
                inputs.append(
                    IntervalSettlementInput(
                        intervalStart: intervalStart, clearing: clearing, prices: village.prices,
                        meterReadings: village.readings))
            }
            let settleStart = ContinuousClock.now
            try ledger.batch { [inputs] batch in
                for input in inputs { _ = try Settler(store: batch).settle(input) }
            }
            settleSeconds += seconds(since: settleStart)
            if (day + 1) % 30 == 0 {
                print("  \(day + 1) days, \(String(format: "%.1f", seconds(since: start))) s")
            }
        }
        let total = seconds(since: start)
        print(
            String(
                format: "seed: %d intervals × %d households in %.1f s (settle + append %.1f s, %.2f ms per interval)",
                intervals, households, total, settleSeconds, settleSeconds * 1000 / Double(intervals)))
    case "pipeline":
        guard arguments.count >= 4 else { fail("usage: ledger-bench pipeline PATH TARIFFS-DIR [days]") }
        let days = arguments.count > 4 ? Int(arguments[4]) ?? 7 : 7
        // 2025-01-01 00:00 Asia/Seoul: inside the SMP export series of Tariffs/smp-export.csv.
        let firstInterval: Int64 = 1_735_657_200
        let store = try await openStore(path, households: 56)
        let library = TariffLibrary(directory: arguments[3])
        var rng = SeededGenerator(seed: 0x9E7E)
        let ids = (0..<56).map(RandomVillage.unitNumber)
        let writeStart = ContinuousClock.now
        for day in 0..<days {
            var rows: [IntervalEnergy] = []
            for slot in 0..<96 {
                let intervalStart = firstInterval + Int64(day * 96 + slot) * TimeGrid.quarterHourSeconds
                for id in ids {
                    let pv = slot >= 28 && slot < 68 ? Int64.random(in: 0...1_500, using: &rng) : 0
                    let load = Int64.random(in: 50...900, using: &rng)
                    rows += [
                        IntervalEnergy(
                            owner: .household(id), channel: .energyImport, start: intervalStart,
                            value: max(load - pv, 0), quality: .measured),
                        IntervalEnergy(
                            owner: .household(id), channel: .energyExport, start: intervalStart,
                            value: max(pv - load, 0), quality: .measured),
                        IntervalEnergy(
                            owner: .household(id), channel: .pvGeneration, start: intervalStart, value: pv,
                            quality: .measured),
                    ]
                }
            }
            _ = try await store.upsert(intervals: rows)
        }
        print(String(format: "pipeline: wrote %d days of intervals in %.1f s", days, seconds(since: writeStart)))
        let settlement = MeteredSettlement(
            store: store, ledger: SQLiteLedgerStore(store: store),
            settings: MarketSettings(
                importTariff: try library.tariff(named: "kepco-residential-low-voltage"),
                exportTariff: try library.tariff(named: "smp-export")))
        let start = ContinuousClock.now
        let reports = try await settlement.settle(
            from: firstInterval, to: firstInterval + Int64(days) * TimeGrid.daySeconds)
        let elapsed = seconds(since: start)
        print(
            String(
                format:
                    "pipeline: settled %d intervals × 56 households from the store in %.2f s (%.2f ms per interval)",
                reports.filter { $0.action == .settled }.count, elapsed, elapsed * 1000 / Double(reports.count)))
        let again = ContinuousClock.now
        let rerun = try await settlement.settle(
            from: firstInterval, to: firstInterval + Int64(days) * TimeGrid.daySeconds)
        print(
            String(
                format: "pipeline: re-run (all unchanged: %@) in %.2f s",
                rerun.allSatisfy { $0.action == .unchanged } ? "yes" : "NO",
                seconds(since: again)))
    case "balance":
        guard arguments.count >= 4 else { fail("usage: ledger-bench balance PATH HOUSEHOLD") }
        let ledger = try SQLiteLedgerStore(readOnlyPath: path)
        var best = Double.infinity
        var months = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            months = try ledger.householdBalances(household: arguments[3]).count
            best = min(best, seconds(since: start))
        }
        print(
            String(
                format: "balance: %d months of household %@ in %.1f ms (best of 5, in process)", months, arguments[3],
                best * 1000))
    default:
        fail("unknown mode \(arguments[1])")
    }
} catch {
    fail("\(error)")
}
