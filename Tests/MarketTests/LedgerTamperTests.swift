import Foundation
import MarketTestKit
import TestKit
import Testing

@testable import Market

/// Any change to any stored field of any transaction is found by `verify`, which names the
/// changed transaction; a chain re-sealed after a change is still caught by the invariants.
struct LedgerTamperTests {
    /// A ledger of several intervals and mechanisms, with late meters and their corrections.
    static func ledger(seed: UInt64) throws -> [LedgerTransaction] {
        var rng = SeededGenerator(seed: seed)
        let store = InMemoryLedgerStore()
        let settler = Settler(store: store)
        var late: [(Int64, [MeterReading])] = []
        for number in 0..<12 {
            let interval = SettlementPropertyTests.interval + Int64(number) * 900
            let village = VillageFixture.random(
                households: Int.random(in: 3...12, using: &rng), using: &rng,
                tieredShare: 0.5, preferences: true, intervalStart: interval)
            let mechanism = ClearingPropertyTests.mechanisms[number % ClearingPropertyTests.mechanisms.count]
            let clearing = try MarketClearing.clear(village.book(), mechanism: mechanism, prices: village.prices)
            let readings = village.readings.shuffled(using: &rng)
            let cut = number % 3 == 0 ? readings.count - 2 : readings.count
            _ = try settler.settle(
                IntervalSettlementInput(
                    intervalStart: interval, clearing: clearing, prices: village.prices,
                    meterReadings: Array(readings[..<cut])))
            if cut < readings.count { late.append((interval, Array(readings[cut...]))) }
        }
        for (interval, readings) in late {
            _ = try settler.applyLateReadings(intervalStart: interval, meterReadings: readings)
        }
        return try store.allTransactions()
    }

    /// Named changes to one field; nil when the transaction has nothing to change there.
    static let tampers: [(String, @Sendable (inout LedgerTransaction) -> Bool)] = [
        (
            "sequence",
            {
                $0.sequence += 1
                return true
            }
        ),
        (
            "intervalStart",
            {
                $0.intervalStart += 900
                return true
            }
        ),
        (
            "kind",
            {
                $0.kind = $0.kind == .settlement ? .correction : .settlement
                return true
            }
        ),
        (
            "idempotencyKey",
            {
                $0.idempotencyKey += "x"
                return true
            }
        ),
        (
            "mechanism",
            {
                $0.mechanism = $0.mechanism == .payAsBid ? .midMarketRate : .payAsBid
                return true
            }
        ),
        (
            "prices.export",
            {
                $0.prices.exportMilliWonPerKWh += 1
                return true
            }
        ),
        (
            "prices.import",
            {
                $0.prices.importMilliWonPerKWh -= 1
                return true
            }
        ),
        (
            "prices.household",
            {
                $0.prices.householdImportMilliWonPerKWh["999"] = 1
                return true
            }
        ),
        (
            "meterReadings.produced",
            {
                guard !$0.meterReadings.isEmpty else { return false }
                $0.meterReadings[0].producedWh += 1
                return true
            }
        ),
        (
            "meterReadings.consumed",
            {
                guard !$0.meterReadings.isEmpty else { return false }
                $0.meterReadings[$0.meterReadings.count - 1].consumedWh -= 1
                return true
            }
        ),
        (
            "meterReadings.participant",
            {
                guard !$0.meterReadings.isEmpty else { return false }
                $0.meterReadings[0].participant = .household("x")
                return true
            }
        ),
        (
            "meterReadings.removed",
            {
                guard !$0.meterReadings.isEmpty else { return false }
                $0.meterReadings.removeLast()
                return true
            }
        ),
        (
            "clearedMatches.energy",
            {
                guard !$0.clearedMatches.isEmpty else { return false }
                $0.clearedMatches[0].energyWh += 1
                return true
            }
        ),
        (
            "clearedMatches.price",
            {
                guard !$0.clearedMatches.isEmpty else { return false }
                $0.clearedMatches[0].buyerPriceMilliWonPerKWh += 1
                return true
            }
        ),
        (
            "clearedMatches.orderID",
            {
                guard !$0.clearedMatches.isEmpty else { return false }
                $0.clearedMatches[0].sellerOrderID += "x"
                return true
            }
        ),
        (
            "clearedMatches.preferred",
            {
                guard !$0.clearedMatches.isEmpty else { return false }
                $0.clearedMatches[0].preferred.toggle()
                return true
            }
        ),
        (
            "deliveredTrades.energy",
            {
                guard !$0.deliveredTrades.isEmpty else { return false }
                $0.deliveredTrades[0].energyWh += 1
                return true
            }
        ),
        (
            "deliveredTrades.seller",
            {
                guard !$0.deliveredTrades.isEmpty else { return false }
                $0.deliveredTrades[0].seller = .storage
                return true
            }
        ),
        (
            "deliveredTrades.sellerPrice",
            {
                guard !$0.deliveredTrades.isEmpty else { return false }
                $0.deliveredTrades[0].sellerPriceMilliWonPerKWh -= 1
                return true
            }
        ),
        (
            "postings.amount (balanced)",
            { t in
                guard t.postings.count >= 2 else { return false }
                let a = 0
                let b =
                    t.postings.lastIndex {
                        $0.commodity == t.postings[a].commodity && $0.purpose == t.postings[a].purpose
                    } ?? 0
                guard a != b else { return false }
                t.postings[a].amount += 1
                t.postings[b].amount -= 1
                return true
            }
        ),
        (
            "postings.account",
            {
                guard !$0.postings.isEmpty else { return false }
                $0.postings[0].account = .operator
                return true
            }
        ),
        (
            "postings.purpose",
            {
                guard !$0.postings.isEmpty else { return false }
                $0.postings[0].purpose = $0.postings[0].purpose == .gridExport ? .gridImport : .gridExport
                return true
            }
        ),
        (
            "postings.commodity",
            {
                guard !$0.postings.isEmpty else { return false }
                $0.postings[0].commodity = $0.postings[0].commodity == .energyWh ? .moneyMilliWon : .energyWh
                return true
            }
        ),
        (
            "postings.removed",
            {
                guard !$0.postings.isEmpty else { return false }
                $0.postings.removeFirst()
                return true
            }
        ),
        (
            "postings.swapped",
            {
                guard $0.postings.count >= 2 else { return false }
                $0.postings.swapAt(0, 1)
                return true
            }
        ),
        (
            "previousHash",
            {
                $0.previousHash = ($0.previousHash.hasPrefix("0") ? "1" : "0") + $0.previousHash.dropFirst()
                return true
            }
        ),
        (
            "hash",
            {
                $0.hash = String(repeating: "f", count: 64)
                return true
            }
        ),
    ]

    @Test func untouchedLedgerVerifies() throws {
        let transactions = try Self.ledger(seed: 0x7A3F_0001)
        #expect(transactions.contains { $0.kind == .correction })
        let report = try LedgerVerifier.verify(store: InMemoryLedgerStore(loading: transactions))
        #expect(report.isIntact && report.transactionCount == transactions.count)
        #expect(report.headHash == transactions.last?.hash)
    }

    @Test(arguments: 0..<tampers.count)
    func everyFieldOfEveryTransactionIsProtected(_ tamperIndex: Int) throws {
        let (name, tamper) = Self.tampers[tamperIndex]
        let transactions = try Self.ledger(seed: 0x7A3F_0001)
        var applied = 0
        for index in transactions.indices {
            var copy = transactions
            guard tamper(&copy[index]) else { continue }
            applied += 1
            let report = try LedgerVerifier.verify(store: InMemoryLedgerStore(loading: copy))
            let violation = try #require(report.firstViolation, "\(name) at #\(index) not detected")
            #expect(violation.position == index, "\(name) at #\(index): reported #\(violation.position) \(violation)")
            #expect(violation.idempotencyKey == copy[index].idempotencyKey)
        }
        #expect(applied > 0, "\(name) never applied")
    }

    @Test func deletedOrReorderedTransactionsAreDetected() throws {
        let transactions = try Self.ledger(seed: 0x7A3F_0002)
        for index in 0..<(transactions.count - 1) {
            var removed = transactions
            removed.remove(at: index)
            #expect(LedgerVerifier.verify(removed).firstViolation?.position == index)
            var swapped = transactions
            swapped.swapAt(index, index + 1)
            #expect(LedgerVerifier.verify(swapped).firstViolation?.position == index)
        }
    }

    /// Someone who edits a transaction and re-seals the rest of the chain defeats the hashes,
    /// not the invariants.
    @Test func resealedChangesBreakInvariants() throws {
        let transactions = try Self.ledger(seed: 0x7A3F_0003)
        let changes: [(LedgerViolation.Code, (inout LedgerTransaction) -> Bool)] = [
            (
                .unbalancedPostings,
                { t in
                    guard let i = t.postings.firstIndex(where: { $0.commodity == .moneyMilliWon }) else { return false }
                    t.postings[i].amount += 1
                    return true
                }
            ),
            (
                .unbalancedPeerEnergy,
                { t in
                    guard
                        let i = t.postings.firstIndex(where: { $0.purpose == .peerTrade && $0.commodity == .energyWh })
                    else { return false }
                    t.postings[i].amount += 1
                    return true
                }
            ),
            (
                .meterMismatch,
                { t in
                    guard let i = t.meterReadings.firstIndex(where: { $0.consumedWh > $0.producedWh }) else {
                        return false
                    }
                    t.meterReadings[i].consumedWh += 1
                    return true
                }
            ),
            (
                .gridPriceMismatch,
                { t in
                    guard
                        let g = t.postings.firstIndex(where: {
                            $0.purpose == .gridImport && $0.commodity == .moneyMilliWon && $0.account == .grid
                        }),
                        let h = t.postings.firstIndex(where: {
                            $0.purpose == .gridImport && $0.commodity == .moneyMilliWon && $0.account != .grid
                        })
                    else { return false }
                    t.postings[g].amount += 1000
                    t.postings[h].amount -= 1000
                    return true
                }
            ),
            (
                .tradesMismatch,
                { t in
                    guard !t.deliveredTrades.isEmpty else { return false }
                    t.deliveredTrades[0].energyWh += 1
                    return true
                }
            ),
            (
                .peerPriceMismatch,
                { t in
                    guard
                        let h = t.postings.firstIndex(where: {
                            $0.purpose == .peerTrade && $0.commodity == .moneyMilliWon && $0.account != .operator
                        }),
                        let o = t.postings.firstIndex(where: {
                            $0.purpose == .peerTrade && $0.commodity == .moneyMilliWon && $0.account == .operator
                        })
                    else { return false }
                    t.postings[h].amount += 1
                    t.postings[o].amount -= 1
                    return true
                }
            ),
            (
                .peerPriceMismatch,
                { t in
                    guard !t.deliveredTrades.isEmpty else { return false }
                    t.deliveredTrades[0].buyerPriceMilliWonPerKWh += 1000
                    return true
                }
            ),
            (
                .misplacedKind,
                { t in
                    guard t.kind == .settlement else { return false }
                    t.kind = .correction
                    t.idempotencyKey = LedgerTransaction.correctionKey(intervalStart: t.intervalStart, number: 0)
                    return true
                }
            ),
            (
                .postingWithoutReading,
                { t in
                    guard
                        let i = t.meterReadings.firstIndex(where: { r in
                            t.postings.contains { $0.account == r.participant.account && $0.commodity == .energyWh }
                        })
                    else { return false }
                    t.meterReadings.remove(at: i)
                    return true
                }
            ),
            (
                .duplicateReading,
                { t in
                    guard t.meterReadings.count >= 2 else { return false }
                    t.meterReadings[1].participant = t.meterReadings[0].participant
                    return true
                }
            ),
            (
                .inconsistentInterval,
                { t in
                    guard t.kind == .correction else { return false }
                    t.prices.exportMilliWonPerKWh += 1
                    return true
                }
            ),
        ]
        for (code, change) in changes {
            var detected = 0
            for index in transactions.indices {
                var copy = transactions
                guard change(&copy[index]) else { continue }
                for position in index..<copy.count {
                    if position > 0 { copy[position].previousHash = copy[position - 1].hash }
                    copy[position] = copy[position].sealed()
                }
                let violation = LedgerVerifier.verify(copy).firstViolation
                #expect(
                    violation?.position == index && violation?.code == code,
                    "\(code) at #\(index): \(String(describing: violation))")
                detected += 1
            }
            #expect(detected > 0, "\(code) never applied")
        }
    }
}

extension LedgerTamperTests {
    /// A store that keeps transactions as JSON (as a database row might) gets back transactions
    /// whose hashes still verify.
    @Test func jsonRoundTripKeepsTheChainIntact() throws {
        let transactions = try Self.ledger(seed: 0x7A3F_0004)
        let data = try JSONEncoder().encode(transactions)
        let decoded = try JSONDecoder().decode([LedgerTransaction].self, from: data)
        #expect(decoded == transactions)
        #expect(LedgerVerifier.verify(decoded).isIntact)
    }
}
