import MarketTestKit
import TestKit
import Testing

@testable import Market

/// A price true-up on random villages: settled at a provisional export price, with some meters
/// late, then trued up at the official price, then the late meters: the ledger ends exactly where
/// settling at the official price from the start (with the same late meters) ends, and verifies.
struct PriceTrueUpPropertyTests {
    static let interval: Int64 = 1_767_193_200

    /// The metered orders of `readings` at these prices (default preferences; the storage trades
    /// between the export price and its import price).
    static func clear(_ readings: [MeterReading], households: Set<String>, mechanism: Mechanism, prices: GridPrices)
        throws -> [Match]
    {
        let orders = readings.compactMap { reading -> Order? in
            guard case .household(let id) = reading.participant else {
                return Order.fromStoragePlan(
                    intervalStart: interval, plannedNetDischargeWh: reading.producedWh - reading.consumedWh,
                    minSellPriceMilliWonPerKWh: prices.exportMilliWonPerKWh,
                    maxBuyPriceMilliWonPerKWh: prices.importPrice(for: .storage))
            }
            return Order.fromMeteredNet(
                household: id, intervalStart: interval, producedWh: reading.producedWh,
                consumedWh: reading.consumedWh, preferences: .default,
                exportPriceMilliWonPerKWh: prices.exportMilliWonPerKWh,
                marginalImportPriceMilliWonPerKWh: prices.importPrice(for: reading.participant))
        }
        return try MarketClearing.clear(
            OrderBook(orders, knownHouseholds: households), mechanism: mechanism, prices: prices
        ).matches
    }

    static func settle(
        _ store: InMemoryLedgerStore, _ readings: [MeterReading], households: Set<String>, mechanism: Mechanism,
        prices: GridPrices
    ) throws {
        let matches = try clear(readings, households: households, mechanism: mechanism, prices: prices)
        _ = try Settler(store: store).settle(
            IntervalSettlementInput(
                intervalStart: interval, mechanism: mechanism, prices: prices, matches: matches,
                meterReadings: readings))
    }

    @Test(arguments: ClearingPropertyTests.mechanisms)
    func provisionalThenTrueUpEqualsOfficialFromTheStart(_ mechanism: Mechanism) throws {
        var rng = SeededGenerator(seed: 0x7A0E_0001)
        for _ in 0..<100 {
            let village = VillageFixture.random(households: Int.random(in: 1...40, using: &rng), using: &rng)
            let official = village.prices
            let lowestImport = official.householdImportMilliWonPerKWh.values.reduce(official.importMilliWonPerKWh, min)
            var provisional = official
            provisional.exportMilliWonPerKWh = Int64.random(in: 0...lowestImport, using: &rng)
            let households = village.knownHouseholds
            // Some meters report only after the settlement (and after the true-up).
            let late = village.readings.filter { _ in Int.random(in: 0..<5, using: &rng) == 0 }
            let onTime = village.readings.filter { !late.contains($0) }

            let trued = InMemoryLedgerStore()
            try Self.settle(trued, onTime, households: households, mechanism: mechanism, prices: provisional)
            let matches = try Self.clear(onTime, households: households, mechanism: mechanism, prices: official)
            let outcome = try Settler(store: trued).trueUp(
                intervalStart: Self.interval, prices: official, matches: matches)
            if provisional != official {
                let transaction = try #require(outcome.transaction)
                #expect(transaction.isPriceTrueUp)
                #expect(transaction.prices == official)
            } else {
                #expect(outcome == .unchanged)
            }
            // A second true-up at the same prices posts nothing.
            #expect(
                try Settler(store: trued).trueUp(intervalStart: Self.interval, prices: official, matches: matches)
                    == .unchanged)
            _ = try Settler(store: trued).applyLateReadings(intervalStart: Self.interval, meterReadings: late)

            let direct = InMemoryLedgerStore()
            try Self.settle(direct, onTime, households: households, mechanism: mechanism, prices: official)
            _ = try Settler(store: direct).applyLateReadings(intervalStart: Self.interval, meterReadings: late)

            let truedTotals = LedgerTotals(try trued.allTransactions())
            let directTotals = LedgerTotals(try direct.allTransactions())
            let accounts = village.readings.map(\.participant.account) + [.operator, .grid]
            for account in accounts {
                for purpose in PostingPurpose.allCases {
                    for commodity in Commodity.allCases {
                        #expect(
                            truedTotals.amount(account, purpose, commodity)
                                == directTotals.amount(account, purpose, commodity),
                            "\(account) \(purpose) \(commodity)")
                    }
                }
            }
            #expect(LedgerVerifier.verify(try trued.allTransactions()).isIntact)
        }
    }

    @Test func aTrueUpWhosePricesWereAlteredIsCaught() throws {
        var rng = SeededGenerator(seed: 0x7A0E_0002)
        var caught = 0
        for _ in 0..<200 {
            let village = VillageFixture.random(households: 12, using: &rng, storage: false)
            var provisional = village.prices
            provisional.exportMilliWonPerKWh = village.prices.exportMilliWonPerKWh / 2
            let store = InMemoryLedgerStore()
            try Self.settle(
                store, village.readings, households: village.knownHouseholds, mechanism: .default, prices: provisional)
            let matches = try Self.clear(
                village.readings, households: village.knownHouseholds, mechanism: .default, prices: village.prices)
            _ = try Settler(store: store).trueUp(intervalStart: Self.interval, prices: village.prices, matches: matches)
            var transactions = try store.allTransactions()
            #expect(LedgerVerifier.verify(transactions).isIntact)
            // Any grid export makes a changed export price (1 ₩/kWh: a milli-won on a single Wh)
            // visible in the grid money.
            let exports = transactions.flatMap(\.postings).contains {
                $0.purpose == .gridExport && $0.commodity == .energyWh && $0.amount != 0
            }
            guard exports, transactions.count == 2 else { continue }
            transactions[1].prices.exportMilliWonPerKWh += 1_000
            transactions[1] = transactions[1].sealed()
            let violation = LedgerVerifier.verify(transactions).firstViolation
            #expect(violation?.code == .gridPriceMismatch, "\(String(describing: violation))")
            caught += 1
        }
        #expect(caught > 10)
    }
}
