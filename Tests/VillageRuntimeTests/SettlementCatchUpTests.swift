import Foundation
import Market
import MarketStore
import Tariffs
import TestKit
import Testing
import VillageStore

@testable import VillageRuntime

/// The daemon's settlement: every closed interval once, in order, whenever it runs; late meter data
/// become corrections; nothing is settled before it is closed.
@Suite struct SettlementCatchUpTests {
    /// 2026-01-15 00:00 Asia/Seoul.
    static let midnight: Int64 = 1_767_193_200 + 14 * 86_400
    static let households = ["101", "102", "103"]

    static func makeCatchUp(_ directory: URL) async throws -> SettlementCatchUp {
        let store = try VillageStore(path: directory.appendingPathComponent("village.sqlite").path)
        try await store.register(
            site: SiteRecord(id: "eco-delta", name: "Eco Delta"), households: households.map(HouseholdRecord.init),
            devices: households.map {
                DeviceRecord(id: "\($0)-elec", householdId: $0, kind: "electricity-meter", profile: "sdm630")
            })
        let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        let settings = MarketSettings(
            importTariff: try tariffs.tariff(named: "kepco-residential-low-voltage"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
        return SettlementCatchUp(
            settlement: MeteredSettlement(store: store, ledger: SQLiteLedgerStore(store: store), settings: settings))
    }

    /// Meter data of `households` for the intervals `first..<first + count`: 101 sells, the others buy.
    static func record(_ store: VillageStore, intervals range: Range<Int>, households: [String] = households)
        async throws
    {
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
                        owner: .household(household), channel: .energyExport, start: start, value: seller ? 700 : 0,
                        quality: .measured),
                    IntervalEnergy(
                        owner: .household(household), channel: .pvGeneration, start: start, value: seller ? 1_000 : 0,
                        quality: .measured),
                ]
            }
        }
        try await store.upsert(intervals: rows)
    }

    @Test func everyClosedIntervalOnceInOrderHoweverOftenItRuns() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let catchUp = try await Self.makeCatchUp(directory)
        let ledger = catchUp.settlement.ledger
        try await Self.record(catchUp.settlement.store, intervals: 0..<8)

        // Nothing is closed before its end; then the closed ones, oldest first.
        #expect(try await catchUp.run(closedUntil: Self.midnight + 899).settled == 0)
        #expect(try await catchUp.run(closedUntil: Self.midnight + 3 * 900 + 10).settled == 3)
        #expect(try ledger.allTransactions().map(\.intervalStart) == (0..<3).map { Self.midnight + Int64($0) * 900 })
        // Running again (a restart) settles nothing twice, and the rest when they close.
        #expect(try await catchUp.run(closedUntil: Self.midnight + 3 * 900).settled == 0)
        let rest = try await catchUp.run(closedUntil: Self.midnight + 8 * 900)
        #expect(rest.settled == 5)
        #expect(rest.settledUntil == Self.midnight + 8 * 900)
        let transactions = try ledger.allTransactions()
        #expect(transactions.map(\.intervalStart) == (0..<8).map { Self.midnight + Int64($0) * 900 })
        #expect(transactions.allSatisfy { $0.kind == .settlement })
        #expect(try ledger.verify().isIntact)
    }

    @Test func lateMeterDataBecomeCorrectionsWithinTheWindow() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let catchUp = try await Self.makeCatchUp(directory)
        let store = catchUp.settlement.store
        let ledger = catchUp.settlement.ledger
        // 103's meter is silent for the first four intervals, then reports; one interval has no data at all.
        try await Self.record(store, intervals: 0..<4, households: ["101", "102"])
        try await Self.record(store, intervals: 5..<6)
        #expect(try await catchUp.run(closedUntil: Self.midnight + 6 * 900).settled == 5)
        #expect(try ledger.transactions(intervalStart: Self.midnight + 4 * 900).isEmpty)

        try await Self.record(store, intervals: 0..<5, households: ["103"])
        let late = try await catchUp.run(closedUntil: Self.midnight + 6 * 900)
        #expect(late.corrected == 4)
        // The interval without any data before is settled now, in full.
        #expect(late.settled == 1)
        #expect(try ledger.transactions(intervalStart: Self.midnight + 4 * 900).map(\.kind) == [.settlement])
        #expect(try ledger.transactions(intervalStart: Self.midnight).map(\.kind) == [.settlement, .correction])
        let again = try await catchUp.run(closedUntil: Self.midnight + 6 * 900)
        #expect(again.settled + again.corrected == 0)
        #expect(try ledger.verify().isIntact)
    }

    @Test func aStoreWithoutIntervalsSettlesNothing() async throws {
        let catchUp = try await Self.makeCatchUp(try TestFiles.temporaryDirectory())
        let outcome = try await catchUp.run(closedUntil: Self.midnight + 86_400)
        #expect(outcome.settled == 0)
        #expect(try catchUp.settlement.ledger.allTransactions().isEmpty)
    }
}
