import Foundation
import Market
import MarketTestKit
import Tariffs
import Testing
import VillageStore

@testable import MarketStore

/// The shared battery in the market: its PCS meter's intervals make it the operator's buyer when
/// it charged and seller when it discharged; its grid residual is priced at the plant tariff, and
/// late battery data settle as corrections like a household's.
@Suite struct StorageSettlementTests {
    static let noon = MeteredSettlementTests.noon
    /// 2026-01-15 19:00 Asia/Seoul, the evening peak.
    static let evening = noon + 7 * 3600

    static func settings(storage: Bool = true) throws -> MarketSettings {
        var settings = try MeteredSettlementTests.settings()
        if storage {
            settings.storage = StorageTrading(
                device: "ess",
                importTariff: try MeteredSettlementTests.tariffs.tariff(
                    named: "kepco-industrial-eul-high-voltage-a-option-1"))
        }
        return settings
    }

    /// A village store with households 101… and the battery registered as plant.
    static func store(at path: String, households: Int) async throws -> VillageStore {
        let store = try VillageStore(path: path)
        let ids = (0..<households).map(VillageFixture.unitNumber)
        try await store.register(
            site: SiteRecord(id: "eco-delta", name: "Eco Delta"), households: ids.map(HouseholdRecord.init),
            devices: ids.map {
                DeviceRecord(id: "\($0)-elec", householdId: $0, kind: "electricity-meter", profile: "generic")
            }
                + [DeviceRecord(id: "ess", householdId: nil, kind: "sunspec-ess", profile: "sunspec-ess")])
        return store
    }

    static func battery(_ start: Int64, chargedWh: Int64, dischargedWh: Int64, quality: IntervalQuality = .measured)
        -> [IntervalEnergy]
    {
        [
            IntervalEnergy(owner: .plant("ess"), channel: .essCharge, start: start, value: chargedWh, quality: quality),
            IntervalEnergy(
                owner: .plant("ess"), channel: .essDischarge, start: start, value: dischargedWh, quality: quality),
        ]
    }

    static func household(_ id: String, _ start: Int64, importWh: Int64, exportWh: Int64, pvWh: Int64)
        -> [IntervalEnergy]
    {
        [
            MeteredSettlementTests.interval(id, .energyImport, start, importWh),
            MeteredSettlementTests.interval(id, .energyExport, start, exportWh),
            MeteredSettlementTests.interval(id, .pvGeneration, start, pvWh),
        ]
    }

    /// Energy the participant received (bought from neighbours plus grid import) and delivered.
    static func summary(_ participant: Participant, _ transactions: [LedgerTransaction]) -> ParticipantSummary {
        ParticipantSummary(
            participant: participant, transactions: transactions, fromIntervalStart: .min, toIntervalStart: .max)
    }

    @Test func theBatteryBuysNoonSurplusAndSellsInTheEvening() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.store(at: directory.path("village.sqlite"), households: 2)
        let ledger = SQLiteLedgerStore(store: store)
        let settings = try Self.settings()
        let settlement = MeteredSettlement(store: store, ledger: ledger, settings: settings)
        // Noon: 101 has 2 kWh surplus, 102 needs 0.3 kWh, the battery charges 1.5 kWh.
        try await store.upsert(
            intervals: Self.household("101", Self.noon, importWh: 0, exportWh: 2_000, pvWh: 2_600)
                + Self.household("102", Self.noon, importWh: 300, exportWh: 0, pvWh: 0)
                + Self.battery(Self.noon, chargedWh: 1_500, dischargedWh: 0))
        // Evening: nobody produces; the battery discharges 1 kWh into a village that needs 1.6 kWh.
        try await store.upsert(
            intervals: Self.household("101", Self.evening, importWh: 700, exportWh: 0, pvWh: 0)
                + Self.household("102", Self.evening, importWh: 900, exportWh: 0, pvWh: 0)
                + Self.battery(Self.evening, chargedWh: 0, dischargedWh: 1_000))

        let reports = try await settlement.settle(from: Self.noon, to: Self.evening + 900)
        #expect(reports.filter { $0.action == .settled }.map(\.intervalStart) == [Self.noon, Self.evening])
        let noon = try #require(try ledger.transactions(intervalStart: Self.noon).first)
        let evening = try #require(try ledger.transactions(intervalStart: Self.evening).first)
        #expect(noon.meterReadings.contains(MeterReading(participant: .storage, producedWh: 0, consumedWh: 1_500)))
        #expect(evening.meterReadings.contains(MeterReading(participant: .storage, producedWh: 1_000, consumedWh: 0)))

        // The battery's grid price is the plant tariff's, not a household's.
        let plant = try #require(settings.storage?.importTariff)
        let plantNoon = try #require(try plant.price(at: Self.noon).importPriceMilliPerKWh)
        #expect(noon.prices.storageImportMilliWonPerKWh == plantNoon)
        #expect(noon.prices.importPrice(for: .storage) == plantNoon)

        // Noon: all surplus stays in the village (102 and the battery take 1.8 of 2 kWh), the rest is exported.
        let storageNoon = Self.summary(.storage, [noon])
        #expect(storageNoon.consumedWh == 1_500)
        #expect(storageNoon.boughtFromNeighboursWh + storageNoon.gridImportWh == 1_500)
        #expect(storageNoon.boughtFromNeighboursWh > 0, "the battery bought the neighbour's surplus")
        let seller = Self.summary(.household("101"), [noon])
        #expect(seller.soldToNeighboursWh + seller.gridExportWh == 2_000)
        #expect(
            seller.soldToNeighboursWh == Self.summary(.household("102"), [noon]).boughtFromNeighboursWh
                + storageNoon.boughtFromNeighboursWh)

        // Evening: the battery's kWh go to the households, who pay no more than their grid price.
        let storageEvening = Self.summary(.storage, [evening])
        #expect(storageEvening.soldToNeighboursWh == 1_000)
        #expect(storageEvening.gridExportWh == 0)
        for id in ["101", "102"] {
            let buyer = Self.summary(.household(id), [evening])
            #expect(buyer.boughtFromNeighboursWh + buyer.gridImportWh == buyer.consumedWh)
            #expect(buyer.savingsMilliWon >= 0, "household \(id) must not pay more than the grid")
        }
        for trade in evening.deliveredTrades where trade.seller == .storage {
            #expect(trade.sellerPriceMilliWonPerKWh >= evening.prices.exportMilliWonPerKWh)
            #expect(trade.buyerPriceMilliWonPerKWh <= evening.prices.importPrice(for: trade.buyer))
        }
        // Every commodity's postings balance, and the chain verifies.
        for transaction in [noon, evening] {
            var sums: [Commodity: Int64] = [:]
            for posting in transaction.postings { sums[posting.commodity, default: 0] += posting.amount }
            #expect(sums.values.allSatisfy { $0 == 0 }, "\(sums)")
        }
        #expect(try ledger.verify().isIntact)
        // Settling again changes nothing.
        let again = try await settlement.settle(from: Self.noon, to: Self.evening + 900)
        #expect(again.allSatisfy { $0.action == .unchanged || $0.action == .noData })
    }

    @Test func lateBatteryDataSettleAsACorrection() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.store(at: directory.path("village.sqlite"), households: 2)
        let ledger = SQLiteLedgerStore(store: store)
        let settlement = MeteredSettlement(store: store, ledger: ledger, settings: try Self.settings())
        try await store.upsert(
            intervals: Self.household("101", Self.evening, importWh: 700, exportWh: 0, pvWh: 0)
                + Self.household("102", Self.evening, importWh: 900, exportWh: 0, pvWh: 0)
                + Self.battery(Self.evening, chargedWh: 0, dischargedWh: 1_000, quality: .missing(gapSeconds: 1_800)))
        #expect(try await settlement.settle(intervalStart: Self.evening).action == .settled)
        let first = try ledger.transactions(intervalStart: Self.evening)
        #expect(first.count == 1)
        #expect(!first[0].meterReadings.contains { $0.participant == .storage })

        try await store.upsert(intervals: Self.battery(Self.evening, chargedWh: 0, dischargedWh: 1_000))
        #expect(try await settlement.settle(intervalStart: Self.evening).action == .corrected)
        let both = try ledger.transactions(intervalStart: Self.evening)
        #expect(both.map(\.kind) == [.settlement, .correction])
        #expect(both[1].meterReadings == [MeterReading(participant: .storage, producedWh: 1_000, consumedWh: 0)])
        #expect(
            Self.summary(.storage, both).gridExportWh == 1_000, "a correction settles with the grid, not the neighbours"
        )
        #expect(try await settlement.settle(intervalStart: Self.evening).action == .unchanged)
        #expect(try ledger.verify().isIntact)
    }

    @Test func withoutStorageTradingTheBatteryIsLeftOut() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.store(at: directory.path("village.sqlite"), households: 1)
        let ledger = SQLiteLedgerStore(store: store)
        let settlement = MeteredSettlement(store: store, ledger: ledger, settings: try Self.settings(storage: false))
        try await store.upsert(
            intervals: Self.household("101", Self.evening, importWh: 700, exportWh: 0, pvWh: 0)
                + Self.battery(Self.evening, chargedWh: 0, dischargedWh: 1_000))
        #expect(try await settlement.settle(intervalStart: Self.evening).action == .settled)
        let transaction = try #require(try ledger.transactions(intervalStart: Self.evening).first)
        #expect(transaction.meterReadings.map(\.participant) == [.household("101")])
        #expect(transaction.prices.storageImportMilliWonPerKWh == nil)
    }
}
