import Foundation
import Market
import MarketTestKit
import Testing
import VillageCore
import VillageStore

@testable import MarketStore

/// Days none of whose intervals is in the ledger are cleared and sealed ahead of the writer; the
/// ledger they leave must be the one settling interval by interval against the ledger leaves.
@Suite struct SealedDaySettlementTests {
    static let firstDay = januaryFirst + 9 * 86_400

    /// Three days of five households' meters, random but repeatable, some intervals missing.
    static func meterIntervals(seed: UInt64) -> [IntervalEnergy] {
        var rng = SeededGenerator(seed: seed)
        var intervals: [IntervalEnergy] = []
        for slot in 0..<(3 * 96) {
            let start = firstDay + Int64(slot) * 900
            for index in 0..<5 {
                let id = VillageFixture.unitNumber(index)
                if Int.random(in: 0..<20, using: &rng) == 0 { continue }
                let sunny = slot % 96 >= 28 && slot % 96 < 68
                let pv = sunny ? Int64.random(in: 0...6_000, using: &rng) : 0
                // Enough to cross the tariff's monthly tiers within the three days.
                let load = Int64.random(in: 500...5_000, using: &rng)
                intervals += [
                    IntervalEnergy(
                        owner: .household(id), channel: .energyImport, start: start, value: max(load - pv, 0),
                        quality: .measured),
                    IntervalEnergy(
                        owner: .household(id), channel: .energyExport, start: start, value: max(pv - load, 0),
                        quality: .measured),
                    IntervalEnergy(
                        owner: .household(id), channel: .pvGeneration, start: start, value: pv, quality: .measured),
                ]
            }
        }
        return intervals
    }

    static func settlement(in directory: TemporaryDirectory, _ name: String, seed: UInt64) async throws
        -> MeteredSettlement
    {
        let store = try await makeVillageStore(at: directory.path(name), households: 5)
        try await store.upsert(intervals: meterIntervals(seed: seed))
        return MeteredSettlement(
            store: store, ledger: SQLiteLedgerStore(store: store), settings: try MeteredSettlementTests.settings())
    }

    /// The day starting at `start` as the settlement reads it, with the month's import before it.
    static func day(_ settlement: MeteredSettlement, from start: Int64) async throws -> MeteredSettlement.SettlementDay
    {
        let month = settlement.settings.calendar.month(of: start)
        let monthToDate = MeteredSettlement.MonthToDate(
            month: month,
            importWh: try await settlement.store.householdTotals(
                channel: .energyImport, from: settlement.settings.calendar.range(of: month).lowerBound, to: start))
        return try await MeteredSettlement.SettlementDay(
            settlement: settlement, from: start, to: start + 86_400, monthToDate: monthToDate)
    }

    @Test(arguments: [0x5EA1, 0xDA75] as [UInt64])
    func daysSealedAheadEqualTheDaysSettledAgainstTheLedger(seed: UInt64) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ahead = try await Self.settlement(in: directory, "ahead.sqlite", seed: seed)
        let reports = try await ahead.settle(from: Self.firstDay, to: Self.firstDay + 3 * 86_400)

        let against = try await Self.settlement(in: directory, "against.sqlite", seed: seed)
        let households = try await against.store.households().map(\.unitId)
        var expectedReports: [IntervalSettlementReport] = []
        for dayIndex in 0..<3 {
            let day = try await Self.day(against, from: Self.firstDay + Int64(dayIndex) * 86_400)
            expectedReports += try against.ledger.batch { [against] batch in
                try against.settleAgainstLedger(day, in: batch, households: households, known: Set(households)).0
            }
        }

        #expect(reports == expectedReports)
        #expect(reports.filter { $0.action == .settled }.count > 250)
        let transactions = try ahead.ledger.allTransactions()
        #expect(transactions.contains { !$0.deliveredTrades.isEmpty })
        #expect(transactions == (try against.ledger.allTransactions()))
        #expect(try ahead.ledger.verify().isIntact)
        #expect(try ahead.ledger.verifyWithMonthlyBalances().balanceMismatches.isEmpty)
        // Settling again finds every interval settled.
        let again = try await ahead.settle(from: Self.firstDay, to: Self.firstDay + 3 * 86_400)
        #expect(again.allSatisfy { $0.action == .unchanged || $0.action == .noData })
        #expect(try ahead.ledger.transactionCount() == transactions.count)
    }

    /// Another settler appended between sealing a day and writing it: the sealed transactions
    /// would break the chain, so the day is settled against the ledger as it now stands.
    @Test func aDaySealedBeforeTheLedgerGrewIsSettledAgainstTheLedger() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let settlement = try await Self.settlement(in: directory, "village.sqlite", seed: 0x6A0)
        let households = try await settlement.store.households().map(\.unitId)
        let secondDay = Self.firstDay + 86_400
        let day = try await Self.day(settlement, from: secondDay)
        let sealed = try settlement.seal(day, after: nil, households: households, known: Set(households))
        #expect(sealed.transactions.first?.sequence == 0)

        // Meanwhile an interval of the first day is settled.
        #expect(try await settlement.settle(intervalStart: Self.firstDay + 48 * 900).sequence == 0)
        let reports = try settlement.ledger.batch { [settlement] batch in
            try settlement.write(sealed, of: day, in: batch, households: households, known: Set(households))
        }

        let transactions = try settlement.ledger.allTransactions()
        #expect(transactions.count == 1 + sealed.transactions.count)
        #expect(try settlement.ledger.verify().isIntact)
        #expect(reports.compactMap(\.sequence) == Array(1...Int64(sealed.transactions.count)))
        // The same settlements, one place later in the chain.
        for (written, ahead) in zip(transactions.dropFirst(), sealed.transactions) {
            #expect(written.sequence == ahead.sequence + 1)
            #expect(written.intervalStart == ahead.intervalStart)
            #expect(written.meterReadings == ahead.meterReadings)
            #expect(written.clearedMatches == ahead.clearedMatches)
            #expect(written.postings == ahead.postings)
        }
    }
}
