import Foundation
import MarketStore
import Tariffs
import TestKit
import VillageStore

/// A small village database with metered intervals settled into the ledger: 101 sells, 102 and 103
/// buy, over one December and two January days (eight quarter hours each); 104 has no data. In the
/// first quarter hour of each day 101 has only 40 Wh to spare, so its trades there are under 50 Wh.
public struct SettledVillage: Sendable {
    public let path: String
    /// Every metered interval written.
    public let intervals: [IntervalEnergy]

    /// 2026-01-01 00:00 Asia/Seoul, in UTC Unix seconds.
    public static let januaryFirst: Int64 = 1_767_193_200
    /// Local days with data: 2025-12-12, 2026-01-10 and 2026-01-11 (each 8 quarter hours from
    /// midnight; the export tariff's series ends with January 2026).
    public static let days: [Int64] = [
        januaryFirst - 20 * 86_400, januaryFirst + 9 * 86_400, januaryFirst + 10 * 86_400,
    ]
    public static let households = ["101", "102", "103", "104"]
    public static let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)

    /// The market settings the ledger was settled with: the residential tariff as the import
    /// price, SMP as the export price.
    public static func settings() throws -> MarketSettings {
        MarketSettings(
            importTariff: try tariffs.tariff(named: "kepco-residential-low-voltage"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
    }

    /// Creates the database at `path` and settles every day.
    public static func make(at path: String) async throws -> SettledVillage {
        let store = try VillageStore(path: path)
        try await store.register(
            site: SiteRecord(id: "eco-delta", name: "Eco Delta"), households: households.map(HouseholdRecord.init),
            devices: households.map {
                DeviceRecord(id: "\($0)-elec", householdId: $0, kind: "electricity-meter", profile: "generic")
            })
        let intervals = days.flatMap(Self.intervals(of:))
        _ = try await store.upsert(intervals: intervals)
        let settlement = MeteredSettlement(
            store: store, ledger: SQLiteLedgerStore(store: store), settings: try settings())
        for day in days { _ = try await settlement.settle(from: day, to: day + 8 * 900) }
        return SettledVillage(path: store.path, intervals: intervals)
    }

    /// The day's metered import, export and PV of 101, 102 and 103.
    private static func intervals(of day: Int64) -> [IntervalEnergy] {
        var intervals: [IntervalEnergy] = []
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
        return intervals
    }

    /// One household's metered import in [from, to), as the tariff engine takes usage.
    public func usage(_ household: String, from: Int64, to: Int64) -> [UsageInterval] {
        intervals.filter {
            $0.owner == .household(household) && $0.channel == .energyImport && $0.start >= from && $0.start < to
        }
        .sorted { $0.start < $1.start }
        .map { UsageInterval(start: $0.start, importWh: $0.value) }
    }
}
