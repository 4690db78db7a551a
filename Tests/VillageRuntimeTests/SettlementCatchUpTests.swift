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
    static func makeCatchUp(_ directory: URL) async throws -> SettlementCatchUp {
        try await CatchUpVillage.make(directory)
    }

    /// Meter data of `households` for the quarter hours `range`: 101 sells 700 Wh, the others buy.
    static func record(
        _ store: VillageStore, intervals range: Range<Int>, households: [String] = CatchUpVillage.households
    ) async throws {
        try await CatchUpVillage.record(
            store, midnight: midnight, intervals: range, households: households, sellerExport: 700, sellerPV: 1_000)
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
