import Foundation
import Market
import MarketTestKit
import TestKit
import VillageStore

@testable import MarketStore

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("market-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// 2026-01-01 00:00 Asia/Seoul, in UTC Unix seconds.
let januaryFirst: Int64 = 1_767_193_200

/// A village store with `count` households (unit numbers as in ``VillageFixture``).
func makeVillageStore(at path: String, households count: Int) async throws -> VillageStore {
    let store = try VillageStore(path: path)
    let ids = (0..<count).map(VillageFixture.unitNumber)
    try await store.register(
        site: SiteRecord(id: "eco-delta", name: "Eco Delta"), households: ids.map(HouseholdRecord.init),
        devices: ids.map {
            DeviceRecord(id: "\($0)-elec", householdId: $0, kind: "electricity-meter", profile: "generic")
        })
    return store
}

/// Applies the same random settlements, late readings and retries to every store given: intervals
/// of random villages, each settled on a random part of its meters, the rest arriving later.
func settleRandomLedger(
    into stores: [any LedgerStore], seed: UInt64, intervals: Int, households: Int,
    mechanisms: [Mechanism] = [.default, .payAsBid, .supplyDemandRatio, .midMarketRate]
) throws {
    var rng = SeededGenerator(seed: seed)
    var pending: [(Int64, [MeterReading])] = []
    for index in 0..<intervals {
        let start = januaryFirst + Int64(index) * 900 * Int64.random(in: 1...200, using: &rng)
        guard !pending.contains(where: { $0.0 == start }) else { continue }
        let village = VillageFixture.random(
            households: households, using: &rng, preferences: Bool.random(using: &rng),
            intervalStart: start)
        let mechanism = mechanisms[Int.random(in: 0..<mechanisms.count, using: &rng)]
        let clearing = try MarketClearing.clear(village.book(), mechanism: mechanism, prices: village.prices)
        let shuffled = village.readings.shuffled(using: &rng)
        let cut = Int.random(in: 0...shuffled.count, using: &rng)
        let input = IntervalSettlementInput(
            intervalStart: start, clearing: clearing, prices: village.prices,
            meterReadings: Array(shuffled[..<cut]))
        for store in stores {
            guard (try? store.transactions(intervalStart: start).isEmpty) ?? false else { continue }
            _ = try settle(input, into: store)
            // A retry (after a crash, or a second operator) changes nothing.
            _ = try settle(input, into: store)
        }
        pending.append((start, Array(shuffled[cut...])))
        // Late meters of an earlier interval report now and then, in pieces.
        if Bool.random(using: &rng), let victim = pending.indices.randomElement(using: &rng), !pending[victim].1.isEmpty
        {
            let count = Int.random(in: 1...pending[victim].1.count, using: &rng)
            let late = Array(pending[victim].1.prefix(count))
            pending[victim].1.removeFirst(count)
            for store in stores { _ = try applyLate(late, intervalStart: pending[victim].0, into: store) }
        }
    }
    for (start, late) in pending where !late.isEmpty {
        for store in stores { _ = try applyLate(late, intervalStart: start, into: store) }
    }
}

func settle(_ input: IntervalSettlementInput, into store: some LedgerStore) throws -> SettlementOutcome {
    try Settler(store: store).settle(input)
}

func applyLate(_ readings: [MeterReading], intervalStart: Int64, into store: some LedgerStore) throws
    -> SettlementOutcome
{
    try Settler(store: store).applyLateReadings(intervalStart: intervalStart, meterReadings: readings)
}

/// The raw bytes of a file, to show that a refused command wrote nothing.
func fileBytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
