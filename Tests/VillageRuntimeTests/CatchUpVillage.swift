import Foundation
import MarketStore
import Tariffs
import TestKit
import VillageStore

@testable import VillageRuntime

/// Three households settled by the daemon's catch-up, for its tests: 101 sells, 102 and 103 import
/// 400 Wh every quarter hour.
enum CatchUpVillage {
    static let households = ["101", "102", "103"]

    /// The catch-up over a new village database in `directory`, settling with the residential tariff
    /// and SMP (of `smpRegion`, when given, from the imported prices).
    static func make(_ directory: URL, smpRegion: SMPRegion? = nil) async throws -> SettlementCatchUp {
        let store = try VillageStore(path: directory.appendingPathComponent("village.sqlite").path)
        try await store.register(
            site: SiteRecord(id: "eco-delta", name: "Eco Delta"), households: households.map(HouseholdRecord.init),
            devices: households.map {
                DeviceRecord(id: "\($0)-elec", householdId: $0, kind: "electricity-meter", profile: "sdm630")
            })
        let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        var settings = MarketSettings(
            importTariff: try tariffs.tariff(named: "kepco-residential-low-voltage"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
        settings.smpRegion = smpRegion
        return SettlementCatchUp(
            settlement: MeteredSettlement(store: store, ledger: SQLiteLedgerStore(store: store), settings: settings))
    }

    /// Meter data of `households` for the quarter hours `range` of the day from `midnight`: 101
    /// exports `sellerExport` Wh of its `sellerPV`, the others import 400 Wh.
    static func record(
        _ store: VillageStore, midnight: Int64, intervals range: Range<Int>, households: [String] = households,
        sellerExport: Int64, sellerPV: Int64
    ) async throws {
        var rows: [IntervalEnergy] = []
        for index in range {
            let start = midnight + Int64(index) * 900
            for household in households {
                let seller = household == "101"
                rows += [
                    IntervalEnergy(
                        owner: .household(household), channel: .energyImport, start: start, value: seller ? 0 : 400,
                        quality: .measured),
                    IntervalEnergy(
                        owner: .household(household), channel: .energyExport, start: start,
                        value: seller ? sellerExport : 0, quality: .measured),
                    IntervalEnergy(
                        owner: .household(household), channel: .pvGeneration, start: start,
                        value: seller ? sellerPV : 0, quality: .measured),
                ]
            }
        }
        try await store.upsert(intervals: rows)
    }
}
