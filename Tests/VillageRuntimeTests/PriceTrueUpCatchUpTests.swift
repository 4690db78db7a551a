import Foundation
import Market
import MarketStore
import Tariffs
import TestKit
import Testing
import VillageStore

@testable import VillageRuntime

/// The daemon's settlement past the end of the shipped SMP series: it settles at once at a
/// provisional price, trues up on import (and again on a revision), and keeps settling when a
/// true-up cannot be posted.
@Suite struct PriceTrueUpCatchUpTests {
    /// 2026-11-03 00:00 Asia/Seoul: after the shipped series ends (2026-02-01).
    static let midnight: Int64 = 1_793_631_600
    static func makeCatchUp(_ directory: URL) async throws -> SettlementCatchUp {
        try await CatchUpVillage.make(directory, smpRegion: .mainland)
    }

    /// 101 exports 1,500 Wh to neighbours and the grid every quarter hour; the others import 400 Wh.
    static func record(_ store: VillageStore, intervals range: Range<Int>) async throws {
        try await CatchUpVillage.record(
            store, midnight: midnight, intervals: range, sellerExport: 1_500, sellerPV: 1_800)
    }

    /// Hourly prices for the first `hours` hours of the day, in milli-won.
    static func prices(_ price: (Int) -> Int64, hours: Range<Int>) -> [HourlyPrice] {
        hours.map { HourlyPrice(hourStart: midnight + Int64($0) * 3_600, priceMilliWonPerKWh: price($0), line: $0 + 2) }
    }

    static func exportPriceInForce(_ ledger: SQLiteLedgerStore, _ start: Int64) throws -> Int64? {
        try ledger.transactions(intervalStart: start).last { $0.kind == .settlement || $0.isPriceTrueUp }?
            .prices.exportMilliWonPerKWh
    }

    @Test func provisionalThenTruedUpThenRevised() async throws {
        let catchUp = try await Self.makeCatchUp(try TestFiles.temporaryDirectory())
        let store = catchUp.settlement.store
        let ledger = catchUp.settlement.ledger
        try await Self.record(store, intervals: 0..<8)

        // No SMP published at all: the shipped series' last price (125 ₩/kWh), provisionally.
        let first = try await catchUp.run(closedUntil: Self.midnight + 8 * 900)
        #expect(first.settled == 8)
        let provisional = try await store.provisionalPrices()
        #expect(provisional.count == 8)
        #expect(provisional.allSatisfy { $0.isOpen && $0.rule == .tariffLastPrice })
        #expect(provisional.allSatisfy { $0.exportPriceMilliWonPerKWh == 125_000 })

        // The day is published: every interval is re-priced by one true-up, once.
        _ = try await store.importPrices(
            Self.prices({ 90_000 + Int64($0) * 1_000 }, hours: 0..<24), region: .mainland, sourceFile: "day.csv",
            importedAt: 1)
        let trued = try await catchUp.run(closedUntil: Self.midnight + 8 * 900)
        #expect(trued.truedUp == 8)
        #expect(trued.trueUpFailure == nil)
        for index in 0..<8 {
            let start = Self.midnight + Int64(index) * 900
            #expect(try Self.exportPriceInForce(ledger, start) == 90_000 + Int64(index / 4) * 1_000)
        }
        #expect(try await store.provisionalPrices().allSatisfy { !$0.isOpen && $0.truedUpSequence != nil })
        #expect(try await catchUp.run(closedUntil: Self.midnight + 8 * 900).truedUp == 0)

        // A revision of hour 1 re-prices its four intervals again; later intervals settle at the
        // published price directly.
        _ = try await store.importPrices(
            Self.prices({ _ in 95_500 }, hours: 1..<2), region: .mainland, sourceFile: "rev.csv", importedAt: 2)
        try await Self.record(store, intervals: 8..<12)
        let revised = try await catchUp.run(closedUntil: Self.midnight + 12 * 900)
        #expect(revised.settled == 4)
        #expect(revised.truedUp == 4)
        #expect(try Self.exportPriceInForce(ledger, Self.midnight + 4 * 900) == 95_500)
        #expect(try Self.exportPriceInForce(ledger, Self.midnight + 8 * 900) == 92_000)
        #expect(try await store.provisionalPrices().count == 8)
        #expect(try ledger.verify().isIntact)
    }

    @Test func sameHourOfThePreviousDayIsTheProvisionalPrice() async throws {
        let catchUp = try await Self.makeCatchUp(try TestFiles.temporaryDirectory())
        let store = catchUp.settlement.store
        let yesterday = Self.prices({ 70_000 + Int64($0) * 500 }, hours: 0..<24).map {
            HourlyPrice(hourStart: $0.hourStart - 86_400, priceMilliWonPerKWh: $0.priceMilliWonPerKWh, line: $0.line)
        }
        _ = try await store.importPrices(yesterday, region: .mainland, sourceFile: "y.csv", importedAt: 1)
        try await Self.record(store, intervals: 0..<8)
        _ = try await catchUp.run(closedUntil: Self.midnight + 8 * 900)
        let provisional = try await store.provisionalPrices()
        #expect(
            provisional.map(\.exportPriceMilliWonPerKWh) == [70_000, 70_000, 70_000, 70_000] + [
                70_500, 70_500, 70_500, 70_500,
            ])
        #expect(provisional.allSatisfy { $0.rule == .sameHourLastPublished })
        #expect(provisional.first?.basisHourStart == Self.midnight - 86_400)
    }

    @Test func aTrueUpThatCannotBePostedDoesNotStopSettlement() async throws {
        let catchUp = try await Self.makeCatchUp(try TestFiles.temporaryDirectory())
        let store = catchUp.settlement.store
        try await Self.record(store, intervals: 0..<4)
        #expect(try await catchUp.run(closedUntil: Self.midnight + 4 * 900).settled == 4)
        // An export price above the households' import price is refused by the market.
        _ = try await store.importPrices(
            Self.prices({ _ in 900_000 }, hours: 0..<1), region: .mainland, sourceFile: "odd.csv", importedAt: 1)
        try await Self.record(store, intervals: 4..<8)
        let outcome = try await catchUp.run(closedUntil: Self.midnight + 8 * 900)
        #expect(outcome.settled == 4)
        #expect(outcome.trueUpFailure?.contains("export price") == true, "\(outcome.trueUpFailure ?? "")")
        #expect(try await store.provisionalPrices(from: Self.midnight, to: Self.midnight + 3_600).allSatisfy(\.isOpen))
    }
}
