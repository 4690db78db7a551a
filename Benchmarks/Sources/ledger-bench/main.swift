// ledger-bench: how fast the SQLite ledger settles and answers balances.
//
//     ledger-bench seed PATH [households] [days]      settle synthetic villages into a new ledger
//     ledger-bench pipeline PATH TARIFFS-DIR [days] [--no-rerun]
//                                                     metered intervals → MeteredSettlement (56 households)
//     ledger-bench balance PATH HOUSEHOLD             monthly balances of one household, best of 5
//     ledger-bench proofs PATH                        inclusion and consistency proofs, checkpoints on a ledger
//     ledger-bench checkpoint PATH [intervals]        what a checkpoint signed in the settlement's transaction adds
//     ledger-bench sizes PATH                         bytes per table and index (SQLite's dbstat)
//
// Release build, from Benchmarks/: `swift run -c release ledger-bench …`. Times are wall-clock.

import Foundation
import GRDB
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

/// CPU seconds (user + system) this process has used: on a shared machine, wall time mostly
/// measures the other processes.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return user + system
}

/// Median and worst of `runs` timings of `body`, in milliseconds.
func timings(_ runs: Int, _ body: (Int) throws -> Void) rethrows -> (median: Double, worst: Double) {
    var samples: [Double] = []
    for run in 0..<runs {
        let start = ContinuousClock.now
        try body(run)
        samples.append(seconds(since: start) * 1000)
    }
    samples.sort()
    return (samples[samples.count / 2], samples.last ?? 0)
}

guard arguments.count >= 3 else {
    fail("usage: ledger-bench seed|pipeline|balance|proofs|checkpoint|sizes PATH …")
}
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
        let startCPU = processCPUSeconds()
        let reports = try await settlement.settle(
            from: firstInterval, to: firstInterval + Int64(days) * TimeGrid.daySeconds)
        let elapsed = seconds(since: start)
        print(
            String(
                format:
                    "pipeline: settled %d intervals × 56 households from the store in %.2f s (%.2f ms per interval), CPU %.2f s",
                reports.filter { $0.action == .settled }.count, elapsed, elapsed * 1000 / Double(reports.count),
                processCPUSeconds() - startCPU))
        guard !arguments.contains("--no-rerun") else { break }
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
    case "proofs":
        // On a ledger written by `seed` (a year: 35,040 intervals × 56 households).
        let store = try VillageStore(path: path)
        let ledger = SQLiteLedgerStore(store: store)
        let key = LedgerSigningKey()
        let firstCheckpoint = ContinuousClock.now
        let checkpoint = try ledger.makeCheckpoint(key: key, time: firstInterval)
        print(
            String(
                format: "proofs: first checkpoint (tree of %lld transactions, any catch-up included) in %.1f ms",
                checkpoint.treeSize, seconds(since: firstCheckpoint) * 1000))
        let size = checkpoint.treeSize
        guard size > 1 else { fail("the ledger at \(path) is empty; run `ledger-bench seed` first") }
        var rng = SeededGenerator(seed: 0x6962)
        let indices = (0..<200).map { _ in Int64.random(in: 0..<size, using: &rng) }
        let inclusion = try timings(indices.count) { run in
            _ = try ledger.inclusionProof(index: indices[run], size: size)
        }
        let olds = (0..<200).map { _ in Int64.random(in: 1..<size, using: &rng) }
        let consistency = try timings(olds.count) { run in
            _ = try ledger.consistencyProof(from: olds[run], to: size)
        }
        let checkpoints = try timings(50) { run in
            _ = try ledger.makeCheckpoint(key: key, time: firstInterval + Int64(run))
        }
        print(
            String(
                format:
                    "proofs: inclusion proof %.3f ms median (%.3f worst), consistency proof %.3f ms median (%.3f worst), "
                    + "over %lld transactions, each a separate read transaction",
                inclusion.median, inclusion.worst, consistency.median, consistency.worst, size))
        print(
            String(
                format:
                    "proofs: checkpoint (tree head + Ed25519 signature + durable commit) %.2f ms median (%.2f worst)",
                checkpoints.median, checkpoints.worst))
        print(
            String(
                format:
                    "proofs: one checkpoint per day of 96 intervals adds %.4f ms per interval; one per interval, %.2f ms",
                checkpoints.median / 96, checkpoints.median))
        // The tree's share of an append: the same leaves hashed into a tree in memory.
        let transactions = try ledger.transactions(
            fromIntervalStart: firstInterval, toIntervalStart: firstInterval + 96 * 900)
        let hashing = ContinuousClock.now
        var tree = InMemoryMerkleTree()
        for transaction in transactions { tree.append(transaction.leafHash) }
        print(
            String(
                format: "proofs: leaf hash + tree nodes in memory: %.3f ms per transaction (56 households)",
                seconds(since: hashing) * 1000 / Double(max(transactions.count, 1))))
    case "checkpoint":
        // On a ledger written by `seed`: settles further intervals one SQLite transaction each (as the
        // daemon does when an interval closes), alternating without and with a checkpoint signed in
        // the same transaction, and compares the two.
        let runs = arguments.count > 3 ? Int(arguments[3]) ?? 100 : 100
        let store = try VillageStore(path: path)
        let ledger = SQLiteLedgerStore(store: store)
        let households = try await store.households().count
        guard let latest = try ledger.latestIntervalStart() else {
            fail("the ledger at \(path) is empty; run `ledger-bench seed` first")
        }
        let key = LedgerSigningKey()
        var rng = SeededGenerator(seed: 0xC4EC)
        var plain: [Double] = []
        var signed: [Double] = []
        var plainCPU: [Double] = []
        var signedCPU: [Double] = []
        for run in 0..<(2 * runs) {
            let intervalStart = latest + Int64(run + 1) * 900
            let village = RandomVillage.random(households: households, using: &rng, intervalStart: intervalStart)
            let clearing = try MarketClearing.clear(village.book(), mechanism: .default, prices: village.prices)
            let input = IntervalSettlementInput(
                intervalStart: intervalStart, clearing: clearing, prices: village.prices,
                meterReadings: village.readings)
            let withCheckpoint = run % 2 == 1
            let start = ContinuousClock.now
            let cpuStart = processCPUSeconds()
            try ledger.batch { [input] batch in
                _ = try Settler(store: batch).settle(input)
                if withCheckpoint { try batch.checkpoint(key: key, time: intervalStart + 900) }
            }
            let elapsed = seconds(since: start) * 1000
            let cpu = (processCPUSeconds() - cpuStart) * 1000
            if withCheckpoint { signed.append(elapsed) } else { plain.append(elapsed) }
            if withCheckpoint { signedCPU.append(cpu) } else { plainCPU.append(cpu) }
        }
        plain.sort()
        signed.sort()
        let meanCPU = { (samples: [Double]) in samples.reduce(0, +) / Double(max(samples.count, 1)) }
        print(
            String(
                format:
                    "checkpoint: CPU per interval %.3f ms without, %.3f ms with (means): the checkpoint adds %.3f ms",
                meanCPU(plainCPU), meanCPU(signedCPU), meanCPU(signedCPU) - meanCPU(plainCPU)))
        let plainMedian = plain[plain.count / 2]
        let signedMedian = signed[signed.count / 2]
        print(
            String(
                format:
                    "checkpoint: one interval settled per transaction %.2f ms median without, %.2f ms with a checkpoint "
                    + "signed in it (%d each): the checkpoint adds %.3f ms per interval",
                plainMedian, signedMedian, runs, signedMedian - plainMedian))
        let separate = try timings(runs) { run in
            _ = try ledger.makeCheckpoint(key: key, time: latest + Int64(run))
        }
        print(
            String(
                format: "checkpoint: the same checkpoint in a durable transaction of its own: %.2f ms median",
                separate.median))
    case "sizes":
        var configuration = Configuration()
        configuration.readonly = true
        let sizes = try DatabaseQueue(path: path, configuration: configuration).read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT name, SUM(pgsize) AS bytes, SUM(ncell) AS cells FROM dbstat
                    WHERE name LIKE 'ledger%' OR name LIKE 'sqlite_autoindex_ledger%'
                    GROUP BY name ORDER BY bytes DESC
                    """
            ).map { (name: $0["name"] as String, bytes: $0["bytes"] as Int64, cells: $0["cells"] as Int64) }
        }
        let file = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        print(String(format: "sizes: file %.1f MB (%lld bytes)", Double(file) / 1e6, file))
        for entry in sizes {
            print(
                String(
                    format: "  %-40@ %9.1f MB  %11lld cells", entry.name as NSString, Double(entry.bytes) / 1e6,
                    entry.cells))
        }
    default:
        fail("unknown mode \(arguments[1])")
    }
} catch {
    fail("\(error)")
}
