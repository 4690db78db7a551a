import Foundation
import Market
import MarketStore
import Tariffs
import TestKit
import Testing
import VillageStore

@testable import VillageRuntime

/// "Saved against the grid" after a price true-up: the grid-only bill it is measured against is
/// priced like the market's own bill, provisionally before the official SMP is imported and at the
/// official SMP after the true-up.
@Suite struct TrueUpSavingsTests {
    /// 2026-11-03 00:00 Asia/Seoul: after the shipped series ends, so settlement is provisional.
    static let midnight: Int64 = 1_793_631_600
    static let intervals = 8
    static let provisionalExport: Int64 = 125_000
    /// The official SMP of hour h, in milli-won per kWh.
    static func official(hour: Int) -> Int64 { 90_000 + Int64(hour) * 1_000 }

    /// The grid-only bill of `household` computed from the meter data this test records (101
    /// exports 1,500 Wh a quarter hour, the others import 400 Wh) at `exportPrice` per hour and the
    /// import prices the settlement carries, rounded half up per interval.
    static func gridOnlyBill(
        _ household: String, ledger: SQLiteLedgerStore, exportPrice: (Int) -> Int64
    ) throws -> Int64 {
        var total: Int64 = 0
        for index in 0..<intervals {
            let start = midnight + Int64(index) * 900
            let settlement = try #require(try ledger.transactions(intervalStart: start).first)
            if household == "101" {
                total -= (1_500 * exportPrice(index / 4) + 500) / 1_000
            } else {
                total += (400 * settlement.prices.importPrice(for: .household(household)) + 500) / 1_000
            }
        }
        return total
    }

    /// What the household paid net, summed straight from its money postings.
    static func netCost(_ household: String, ledger: SQLiteLedgerStore) throws -> Int64 {
        -(try ledger.allTransactions()).flatMap(\.postings)
            .filter { $0.account == .household(household) && $0.commodity == .moneyMilliWon }
            .reduce(0) { $0 + $1.amount }
    }

    /// Every way the platform summarises a household's month gives the same figures: the derived
    /// monthly totals `village balance` and the web page read, the totals computed from the rows,
    /// the summary and the period report computed from whole transactions.
    static func summary(_ household: String, ledger: SQLiteLedgerStore) throws -> ParticipantSummary {
        let participant = Participant.household(household)
        let stored = try ledger.householdBalances(household: household)
        #expect(stored.count == 1)
        #expect(try ledger.monthlyBalances(participant: participant) == stored)
        let transactions = try ledger.allTransactions()
        let fromTransactions = ParticipantSummary(
            participant: participant, transactions: transactions, fromIntervalStart: .min, toIntervalStart: .max)
        let report = PeriodReport(transactions: transactions, fromIntervalStart: .min, toIntervalStart: .max)
        let balance = try #require(stored.first).summary
        #expect(fromTransactions == balance)
        #expect(report.summary(for: participant) == balance)
        return balance
    }

    @Test func savingsFollowTheTrueUp() async throws {
        let catchUp = try await CatchUpVillage.make(try TestFiles.temporaryDirectory(), smpRegion: .mainland)
        let store = catchUp.settlement.store
        let ledger = catchUp.settlement.ledger
        try await CatchUpVillage.record(
            store, midnight: Self.midnight, intervals: 0..<Self.intervals, sellerExport: 1_500, sellerPV: 1_800)
        #expect(try await catchUp.run(closedUntil: Self.midnight + Int64(Self.intervals) * 900).settled == 8)
        #expect(try await store.provisionalPrices().allSatisfy { $0.exportPriceMilliWonPerKWh == 125_000 })

        var before: [String: ParticipantSummary] = [:]
        for household in CatchUpVillage.households {
            let summary = try Self.summary(household, ledger: ledger)
            let gridOnly = try Self.gridOnlyBill(household, ledger: ledger) { _ in Self.provisionalExport }
            #expect(summary.gridOnlyCostMilliWon == gridOnly, "\(household)")
            #expect(
                summary.savingsMilliWon == gridOnly - (try Self.netCost(household, ledger: ledger)), "\(household)")
            before[household] = summary
        }

        let importPrices = try (0..<Self.intervals).map {
            try ledger.transactions(intervalStart: Self.midnight + Int64($0) * 900).first?.prices
        }
        _ = try await store.importPrices(
            (0..<24).map {
                HourlyPrice(
                    hourStart: Self.midnight + Int64($0) * 3_600, priceMilliWonPerKWh: Self.official(hour: $0),
                    line: $0 + 2)
            }, region: .mainland, sourceFile: "day.csv", importedAt: 1)
        #expect(try await catchUp.run(closedUntil: Self.midnight + Int64(Self.intervals) * 900).truedUp == 8)
        // The true-up re-prices the export only: the import prices of the grid-only bill stay.
        for index in 0..<Self.intervals {
            let start = Self.midnight + Int64(index) * 900
            let trueUp = try #require(try ledger.transactions(intervalStart: start).last)
            #expect(trueUp.isPriceTrueUp)
            var expected = try #require(importPrices[index])
            expected.exportMilliWonPerKWh = Self.official(hour: index / 4)
            #expect(trueUp.prices == expected)
        }

        for household in CatchUpVillage.households {
            let summary = try Self.summary(household, ledger: ledger)
            let gridOnly = try Self.gridOnlyBill(household, ledger: ledger) { Self.official(hour: $0) }
            #expect(summary.gridOnlyCostMilliWon == gridOnly, "\(household)")
            #expect(
                summary.savingsMilliWon == gridOnly - (try Self.netCost(household, ledger: ledger)), "\(household)")
            // Energy is what it was; only money and the baseline move.
            #expect(summary.consumedWh == before[household]?.consumedWh)
            #expect(summary.producedWh == before[household]?.producedWh)
        }
        // The seller's baseline moved with the export price: 1,500 Wh × (125 − 90 or 91) ₩/kWh each quarter hour.
        #expect(
            try Self.summary("101", ledger: ledger).gridOnlyCostMilliWon
                - (before["101"]?.gridOnlyCostMilliWon ?? 0) == 4 * 1_500 * 35 + 4 * 1_500 * 34)
        let verified = try ledger.verifyWithMonthlyBalances()
        #expect(verified.report.isIntact)
        #expect(verified.balanceMismatches.isEmpty)
    }
}
