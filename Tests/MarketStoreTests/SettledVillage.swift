import Foundation
import Market
import Tariffs
import VillageStore

@testable import MarketStore

/// A small village database with metered intervals settled into the ledger, for the `bill` and
/// `trades` command tests: 101 sells, 102 and 103 buy, over one December and two January days;
/// in the first quarter hour of each day 101 has only 40 Wh to spare, so its trades are under 50 Wh.
struct SettledVillage {
    let path: String
    /// Every metered interval written, by household.
    let intervals: [IntervalEnergy]
    /// Local days with data: 2025-12-12, 2026-01-10 and 2026-01-11 (each 8 quarter hours from midnight; the
    /// export tariff's series ends with January 2026).
    static let days: [Int64] = [januaryFirst - 20 * 86_400, januaryFirst + 9 * 86_400, januaryFirst + 10 * 86_400]

    static func make(in directory: TemporaryDirectory) async throws -> SettledVillage {
        // 101…104; 104 has no data.
        let store = try await makeVillageStore(at: directory.path("village.sqlite"), households: 4)
        var intervals: [IntervalEnergy] = []
        for day in days {
            for slot in 0..<8 {
                let start = day + Int64(slot) * 900
                let nets: [(String, Int64)] = [
                    ("101", slot == 0 ? 40 : Int64(300 + 7 * slot)), ("102", -Int64(200 + slot)),
                    ("103", -Int64(90 + 3 * slot)),
                ]
                for (id, net) in nets {
                    let pv: Int64 = id == "101" ? net + 100 : 0
                    intervals += [
                        IntervalEnergy(
                            owner: .household(id), channel: .energyImport, start: start, value: max(-net, 0),
                            quality: .measured),
                        IntervalEnergy(
                            owner: .household(id), channel: .energyExport, start: start, value: max(net, 0),
                            quality: .measured),
                        IntervalEnergy(
                            owner: .household(id), channel: .pvGeneration, start: start, value: pv, quality: .measured),
                    ]
                }
            }
        }
        _ = try await store.upsert(intervals: intervals)
        let settlement = MeteredSettlement(
            store: store, ledger: SQLiteLedgerStore(store: store),
            settings: try MeteredSettlementTests.settings())
        for day in days { _ = try await settlement.settle(from: day, to: day + 8 * 900) }
        return SettledVillage(path: store.path, intervals: intervals)
    }

    /// One household's metered import in [from, to), as the tariff engine takes usage.
    func usage(_ household: String, from: Int64, to: Int64) -> [UsageInterval] {
        intervals.filter {
            $0.owner == .household(household) && $0.channel == .energyImport && $0.start >= from && $0.start < to
        }
        .sorted { $0.start < $1.start }
        .map { UsageInterval(start: $0.start, importWh: $0.value) }
    }
}
