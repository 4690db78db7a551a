import Foundation
import Market
import Tariffs
import Testing
import VillageStore

@testable import MarketStore

/// Settlement from the store's metered intervals: prices from the tariff and month-to-date
/// usage, missing meters left out and settled later as corrections, retries idempotent.
@Suite struct MeteredSettlementTests {
    static let tariffs = TariffLibrary(
        directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tariffs").path)
    /// 2026-01-15 12:00 Asia/Seoul.
    static let noon: Int64 = januaryFirst + 14 * 86_400 + 12 * 3600

    static func interval(
        _ household: String, _ channel: MeteringChannel, _ start: Int64, _ value: Int64,
        _ quality: IntervalQuality = .measured
    ) -> IntervalEnergy {
        IntervalEnergy(owner: .household(household), channel: channel, start: start, value: value, quality: quality)
    }

    static func settings() throws -> MarketSettings {
        MarketSettings(
            importTariff: try tariffs.tariff(named: "kepco-residential-low-voltage"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
    }

    @Test func settlesReportedMetersThenCorrectsLateOnesOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeVillageStore(at: directory.path("village.sqlite"), households: 4)  // 101…104
        let ledger = SQLiteLedgerStore(store: store)
        let settings = try Self.settings()
        let settlement = MeteredSettlement(store: store, ledger: ledger, settings: settings)
        // 102 already imported 450 kWh this month (a higher tier); 101 a little.
        try await store.upsert(intervals: [
            Self.interval("102", .energyImport, januaryFirst, 450_000),
            Self.interval("101", .energyImport, januaryFirst + 900, 10_000),
            // December does not count towards January's tiers.
            Self.interval("101", .energyImport, januaryFirst - 900, 900_000),
        ])
        try await store.upsert(intervals: [
            Self.interval("101", .energyImport, Self.noon, 0), Self.interval("101", .energyExport, Self.noon, 800),
            Self.interval("101", .pvGeneration, Self.noon, 1_500),
            Self.interval("102", .energyImport, Self.noon, 600), Self.interval("102", .energyExport, Self.noon, 0),
            Self.interval("103", .energyImport, Self.noon, 500, .missing(gapSeconds: 3600)),
            Self.interval("103", .energyExport, Self.noon, 0),
        ])

        let first = try await settlement.settle(intervalStart: Self.noon)
        #expect(first.action == .settled)
        #expect(first.settledHouseholds == ["101", "102"])
        #expect(first.missingHouseholds == ["103", "104"])
        let settled = try #require(try ledger.transactions(intervalStart: Self.noon).first)
        #expect(
            settled.meterReadings == [
                MeterReading(participant: .household("101"), producedWh: 1_500, consumedWh: 700),
                MeterReading(participant: .household("102"), producedWh: 0, consumedWh: 600),
            ])
        let tariff = settings.importTariff
        let reference = try #require(try tariff.price(at: Self.noon).importPriceMilliPerKWh)
        let tier102 = try #require(try tariff.price(at: Self.noon, monthToDateImportWh: 450_000).importPriceMilliPerKWh)
        let tier101 = try #require(try tariff.price(at: Self.noon, monthToDateImportWh: 10_000).importPriceMilliPerKWh)
        #expect(tier102 > reference)
        #expect(settled.prices.importMilliWonPerKWh == reference)
        #expect(settled.prices.importPrice(for: .household("102")) == tier102)
        #expect(settled.prices.importPrice(for: .household("101")) == tier101)
        #expect(
            settled.prices.exportMilliWonPerKWh
                == (try settings.exportTariff?.price(at: Self.noon).exportPriceMilliPerKWh))
        #expect(settled.deliveredTrades.map(\.energyWh) == [600])

        // A retry (the command run again, or after a crash) changes nothing.
        #expect(try await settlement.settle(intervalStart: Self.noon).action == .unchanged)

        // 103's meter catches up: a correction for 103 only, trades untouched.
        try await store.upsert(intervals: [Self.interval("103", .energyImport, Self.noon, 500)])
        let late = try await settlement.settle(intervalStart: Self.noon)
        #expect(late.action == .corrected)
        #expect(late.settledHouseholds == ["103"])
        #expect(late.missingHouseholds == ["104"])
        let transactions = try ledger.transactions(intervalStart: Self.noon)
        #expect(transactions.map(\.kind) == [.settlement, .correction])
        #expect(
            transactions[1].meterReadings == [
                MeterReading(participant: .household("103"), producedWh: 0, consumedWh: 500)
            ])
        #expect(transactions[1].deliveredTrades.isEmpty)
        #expect(try await settlement.settle(intervalStart: Self.noon).action == .unchanged)

        // A settled meter that changes afterwards is reported, never rewritten.
        try await store.upsert(intervals: [Self.interval("101", .energyExport, Self.noon, 900)])
        let conflict = try await settlement.settle(intervalStart: Self.noon)
        #expect(conflict.action == .unchanged)
        #expect(conflict.conflictingHouseholds == ["101"])
        #expect(try ledger.transactions(intervalStart: Self.noon).count == 2)
        #expect(try ledger.verify().isIntact)
    }

    @Test func aDaySettlesEveryIntervalWithDataAndSkipsTheRest() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeVillageStore(at: directory.path("village.sqlite"), households: 3)
        let ledger = SQLiteLedgerStore(store: store)
        let settlement = MeteredSettlement(store: store, ledger: ledger, settings: try Self.settings())
        let day = januaryFirst + 9 * 86_400
        var intervals: [IntervalEnergy] = []
        for slot in 0..<96 where slot % 3 != 0 {
            let start = day + Int64(slot) * 900
            for (index, id) in ["101", "102", "103"].enumerated() {
                let pv = slot >= 28 && slot < 68 ? Int64(200 * (index + 1)) : 0
                let load = Int64(150 + 10 * slot % 70)
                intervals += [
                    Self.interval(id, .energyImport, start, max(load - pv, 0)),
                    Self.interval(id, .energyExport, start, max(pv - load, 0)),
                    Self.interval(id, .pvGeneration, start, pv),
                ]
            }
        }
        try await store.upsert(intervals: intervals)
        let reports = try await settlement.settle(from: day, to: day + 86_400)
        #expect(reports.count == 96)
        #expect(reports.filter { $0.action == .settled }.count == 64)
        #expect(reports.filter { $0.action == .noData }.count == 32)
        #expect(try ledger.transactionCount() == 64)
        #expect(try ledger.verify().isIntact)
        // Energy conservation per household over the day: the ledger holds what the meters saw.
        let balances = try ledger.householdBalances(household: "103", month: "2026-01")
        let summary = try #require(balances.first?.summary)
        let stored = intervals.filter { $0.owner.id == "103" }
        #expect(summary.producedWh == stored.filter { $0.channel == .pvGeneration }.reduce(0) { $0 + $1.value })
        #expect(
            summary.gridImportWh + summary.boughtFromNeighboursWh
                == stored.filter { $0.channel == .energyImport }.reduce(0) { $0 + $1.value })
        #expect(
            summary.gridExportWh + summary.soldToNeighboursWh
                == stored.filter { $0.channel == .energyExport }.reduce(0) { $0 + $1.value })
        #expect(summary.savingsMilliWon >= 0)
        // Unaligned ranges are refused before anything is read or written.
        await #expect(throws: StoreError.self) { try await settlement.settle(from: day + 1, to: day + 901) }
    }

    @Test func badBalanceArgumentsAndForeignFilesAreRefusedWithoutWriting() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 3)
        try settleRandomLedger(into: [SQLiteLedgerStore(store: village)], seed: 0xBAD, intervals: 5, households: 3)
        let path = village.path
        let before = fileBytes(path)
        let ledger = try SQLiteLedgerStore(readOnlyPath: path)
        for month in ["2026-1", "2026-13", "26-01", "2026/01", "2026-01x", ""] {
            #expect(throws: StoreError.self) { try ledger.householdBalances(household: "101", month: month) }
        }
        do {
            _ = try ledger.householdBalances(household: "999")
            Issue.record("an unknown household must be refused")
        } catch let error as StoreError {
            #expect(error.code == .unknownHousehold)
            #expect(error.description.contains("999"))
        }
        #expect(fileBytes(path) == before)

        // Not a village database: a text file, someone else's SQLite file, a missing file.
        let text = directory.path("notes.txt")
        try Data("not a database\n".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: StoreError.self) { try SQLiteLedgerStore(readOnlyPath: text) }
        #expect(fileBytes(text) == Data("not a database\n".utf8))
        #expect(throws: StoreError.self) { try SQLiteLedgerStore(readOnlyPath: directory.path("missing.sqlite")) }
        #expect(!FileManager.default.fileExists(atPath: directory.path("missing.sqlite")))
    }
}
