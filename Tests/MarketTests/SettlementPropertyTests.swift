import MarketTestKit
import TestKit
import Testing

@testable import Market

/// Settlement properties on random villages, order books and meter data.
struct SettlementPropertyTests {
    static let interval: Int64 = 1_767_193_200

    static func settle(
        _ village: VillageFixture, mechanism: Mechanism, readings: [MeterReading]? = nil,
        into store: InMemoryLedgerStore = InMemoryLedgerStore()
    ) throws -> (InMemoryLedgerStore, IntervalSettlementInput, SettlementOutcome) {
        let clearing = try MarketClearing.clear(village.book(), mechanism: mechanism, prices: village.prices)
        let input = IntervalSettlementInput(
            intervalStart: interval, clearing: clearing, prices: village.prices,
            meterReadings: readings ?? village.readings)
        let outcome = try Settler(store: store).settle(input)
        return (store, input, outcome)
    }

    @Test(arguments: ClearingPropertyTests.mechanisms)
    func balancedConservedRationalAndIdempotent(_ mechanism: Mechanism) throws {
        var rng = SeededGenerator(seed: 0x5E77_0001)
        for _ in 0..<150 {
            let village = VillageFixture.random(
                households: Int.random(in: 1...56, using: &rng), using: &rng,
                preferences: Bool.random(using: &rng))
            let (store, input, outcome) = try Self.settle(village, mechanism: mechanism)
            let transaction = try #require(outcome.transaction)
            #expect(transaction.kind == .settlement)
            for commodity in Commodity.allCases {
                #expect(transaction.postings.filter { $0.commodity == commodity }.reduce(0) { $0 + $1.amount } == 0)
            }
            let totals = LedgerTotals([transaction])
            for reading in village.readings {
                let account = reading.participant.account
                // Energy conservation: what the meter saw is exactly what was posted to it.
                #expect(totals.total(account, .energyWh) == reading.consumedWh - reading.producedWh)
                guard case .household(let id) = reading.participant else { continue }
                // Individual rationality, exactly (in 1/1000 milli-won).
                let peerEnergy = totals.amount(account, .peerTrade, .energyWh)
                let peerMoney = totals.amount(account, .peerTrade, .moneyMilliWon)
                if peerEnergy > 0 {
                    #expect(-peerMoney * 1000 <= peerEnergy * village.prices.importPrice(for: .household(id)))
                } else {
                    #expect(peerMoney * 1000 >= -peerEnergy * village.prices.exportMilliWonPerKWh)
                }
            }
            let report = PeriodReport(
                transactions: try store.allTransactions(), fromIntervalStart: Self.interval,
                toIntervalStart: Self.interval + 900)
            for summary in report.participants where summary.participant != .storage {
                #expect(summary.savingsMilliWon >= 0, "\(summary.participant)")
            }
            #expect(LedgerVerifier.verify(try store.allTransactions()).isIntact)
            // Settling again changes nothing, with the same input or with the readings in another order.
            #expect(try Settler(store: store).settle(input) == .unchanged)
            var reordered = input
            reordered.meterReadings.shuffle(using: &rng)
            #expect(try Settler(store: store).settle(reordered) == .unchanged)
            #expect(try store.allTransactions() == [transaction])
        }
    }

    /// Meters that report late: settle on the others, correct later; the end state equals a
    /// settlement with all data at once, and nothing earlier is rewritten.
    @Test(arguments: ClearingPropertyTests.mechanisms)
    func lateMeterDataArriveAsCorrections(_ mechanism: Mechanism) throws {
        var rng = SeededGenerator(seed: 0x5E77_0002)
        for _ in 0..<100 {
            let village = VillageFixture.random(
                households: Int.random(in: 2...40, using: &rng), using: &rng,
                preferences: Bool.random(using: &rng))
            let shuffled = village.readings.shuffled(using: &rng)
            let cut1 = Int.random(in: 0...shuffled.count, using: &rng)
            let cut2 = Int.random(in: cut1...shuffled.count, using: &rng)
            let (store, input, _) = try Self.settle(village, mechanism: mechanism, readings: Array(shuffled[..<cut1]))
            let settler = Settler(store: store)
            let first = try store.allTransactions()
            // Nothing is posted for a participant whose meter has not reported.
            let missing = Set(shuffled[cut1...].map(\.participant.account))
            #expect(first[0].postings.allSatisfy { !missing.contains($0.account) })
            #expect(LedgerVerifier.verify(first).isIntact)
            var late = input
            late.meterReadings = Array(shuffled[..<cut2])
            _ = try settler.settle(late)
            _ = try settler.applyLateReadings(intervalStart: Self.interval, meterReadings: Array(shuffled[cut2...]))
            let all = try store.allTransactions()
            #expect(Array(all.prefix(first.count)) == first)
            #expect(all.dropFirst().allSatisfy { $0.kind == .correction })
            #expect(LedgerVerifier.verify(all).isIntact)
            let (reference, _, _) = try Self.settle(village, mechanism: mechanism)
            #expect(LedgerTotals(all) == LedgerTotals(try reference.allTransactions()))
            let byTrades = { (transactions: [LedgerTransaction]) -> [DeliveredTrade.Key: Int64] in
                var result: [DeliveredTrade.Key: Int64] = [:]
                for trade in transactions.flatMap(\.deliveredTrades) { result[trade.key, default: 0] += trade.energyWh }
                return result.filter { $0.value != 0 }
            }
            #expect(byTrades(all) == byTrades(try reference.allTransactions()))
            #expect(try settler.settle(input) == .unchanged)
            #expect(
                try settler.applyLateReadings(intervalStart: Self.interval, meterReadings: village.readings)
                    == .unchanged)
            #expect(try store.allTransactions().count == all.count)
        }
    }

    /// Orders cleared on one forecast, meters reading something else: delivered energy is
    /// min(traded, metered), the deviations go to the grid at grid prices, invariants hold.
    @Test(arguments: ClearingPropertyTests.mechanisms)
    func deviationsFromTradedEnergySettleWithTheGrid(_ mechanism: Mechanism) throws {
        var rng = SeededGenerator(seed: 0x5E77_0003)
        for _ in 0..<150 {
            let village = VillageFixture.random(households: Int.random(in: 2...40, using: &rng), using: &rng)
            let metered = village.readings.map { reading in
                var changed = reading
                changed.producedWh = max(0, reading.producedWh + Int64.random(in: -800...800, using: &rng))
                changed.consumedWh = max(0, reading.consumedWh + Int64.random(in: -800...800, using: &rng))
                return changed
            }
            let (store, input, outcome) = try Self.settle(village, mechanism: mechanism, readings: metered)
            let transaction = try #require(outcome.transaction)
            #expect(LedgerVerifier.verify(try store.allTransactions()).isIntact)
            var traded: [Participant: Int64] = [:]
            for match in input.matches {
                traded[match.buyer, default: 0] += match.energyWh
                traded[match.seller, default: 0] += match.energyWh
            }
            let totals = LedgerTotals([transaction])
            for reading in metered {
                let peer = totals.amount(reading.participant.account, .peerTrade, .energyWh)
                let meteredSide = peer >= 0 ? reading.importWh : reading.exportWh
                #expect(abs(peer) <= min(traded[reading.participant] ?? 0, meteredSide))
                #expect(totals.total(reading.participant.account, .energyWh) == reading.consumedWh - reading.producedWh)
            }
        }
    }

    /// Twin households end with the same money, unless a pro-rata remainder gave one of them
    /// one more watt-hour (then they differ by at most that watt-hour's value).
    @Test(arguments: ClearingPropertyTests.mechanisms)
    func symmetricHouseholdsGetSymmetricMoney(_ mechanism: Mechanism) throws {
        var rng = SeededGenerator(seed: 0x5E77_0004)
        for _ in 0..<100 {
            let base = VillageFixture.random(
                households: Int.random(in: 1...20, using: &rng), using: &rng, storage: false)
            var twins = base
            for reading in base.readings {
                guard case .household(let id) = reading.participant else { continue }
                twins.households.append("t" + id)
                twins.readings.append(
                    MeterReading(
                        participant: .household("t" + id), producedWh: reading.producedWh,
                        consumedWh: reading.consumedWh))
                if let tier = base.prices.householdImportMilliWonPerKWh[id] {
                    twins.prices.householdImportMilliWonPerKWh["t" + id] = tier
                }
            }
            for order in base.orders {
                guard case .household(let id) = order.participant else { continue }
                var twin = order
                twin.id = order.id + "-twin"
                twin.participant = .household("t" + id)
                twins.orders.append(twin)
            }
            let (store, _, _) = try Self.settle(twins, mechanism: mechanism)
            let totals = LedgerTotals(try store.allTransactions())
            for id in base.households {
                let a = Account.household(id)
                let b = Account.household("t" + id)
                let energyGap = abs(totals.amount(a, .peerTrade, .energyWh) - totals.amount(b, .peerTrade, .energyWh))
                #expect(energyGap <= 1)
                let moneyGap = abs(totals.total(a, .moneyMilliWon) - totals.total(b, .moneyMilliWon))
                if energyGap == 0 {
                    #expect(moneyGap == 0, "\(id)")
                } else {
                    #expect(moneyGap <= twins.prices.importPrice(for: .household(id)) / 1000 + 2, "\(id)")
                }
            }
        }
    }

    @Test func badMeterDataPostNothing() throws {
        var rng = SeededGenerator(seed: 0x5E77_0005)
        let village = VillageFixture.random(households: 10, using: &rng)
        let store = InMemoryLedgerStore()
        var negative = village.readings
        negative[3].consumedWh = -1
        #expect { try Self.settle(village, mechanism: .default, readings: negative, into: store) } throws: {
            ($0 as? MarketError)?.code == .invalidMeterReading
        }
        #expect {
            try Self.settle(
                village, mechanism: .default, readings: village.readings + [village.readings[0]], into: store)
        } throws: {
            ($0 as? MarketError)?.code == .invalidMeterReading
        }
        #expect(try store.allTransactions().isEmpty)
        let (_, input, _) = try Self.settle(
            village, mechanism: .default, readings: Array(village.readings.dropLast(2)), into: store)
        var conflicting = village.readings[0]
        conflicting.producedWh += 1
        #expect {
            try Settler(store: store).applyLateReadings(intervalStart: Self.interval, meterReadings: [conflicting])
        } throws: {
            ($0 as? MarketError)?.code == .conflictingMeterReading
        }
        var otherClearing = input
        otherClearing.prices.exportMilliWonPerKWh -= 1
        #expect { try Settler(store: store).settle(otherClearing) } throws: {
            ($0 as? MarketError)?.code == .conflictingClearing
        }
        #expect {
            try Settler(store: store).applyLateReadings(intervalStart: Self.interval + 900, meterReadings: [])
        } throws: {
            ($0 as? MarketError)?.code == .invalidMeterReading
        }
        #expect(try store.allTransactions().count == 1)
        // The store itself refuses a second transaction under a used key.
        let stored = try #require(try store.lastTransaction())
        var replay = stored
        replay.sequence += 1
        replay.previousHash = stored.hash
        #expect { try store.append(replay.sealed()) } throws: { ($0 as? LedgerError)?.code == .duplicateIdempotencyKey }
    }
}
