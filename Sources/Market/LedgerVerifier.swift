/// Recomputes the hash chain and checks the ledger's invariants, reporting the first
/// transaction that breaks either.
///
/// Per transaction: sequence, previous hash, own hash, unique well-formed idempotency key,
/// each purpose and commodity summing to zero (so peer energy sold = bought). Per interval,
/// after each of its transactions in turn: settlement first, the settlement's prices throughout
/// (or, from a price true-up on, the true-up's), for every
/// participant metered import = P2P bought + grid import and export = P2P sold + grid export,
/// delivered trades = peer energy postings, peer money = delivered trades at their prices
/// (rounded as ``MoneyRounding`` says), grid money = grid energy at the stored price.
///
/// The chain proves that nothing changed after it was written, as long as the newest hash is
/// known from elsewhere (``LedgerVerificationReport/headHash``); someone able to re-seal the
/// whole chain can only be caught by the invariants.
public enum LedgerVerifier {
    public static func verify(store: some LedgerStore) throws -> LedgerVerificationReport {
        verify(try store.allTransactions())
    }

    public static func verify(_ transactions: [LedgerTransaction]) -> LedgerVerificationReport {
        var first = checkChain(transactions)
        var intervals: [Int64: [Int]] = [:]
        let limit = first?.position ?? transactions.count
        for index in 0..<limit { intervals[transactions[index].intervalStart, default: []].append(index) }
        for (_, indices) in intervals {
            guard let violation = checkInterval(indices, transactions) else { continue }
            if let earlier = first, earlier.position <= violation.position { continue }
            first = violation
        }
        return LedgerVerificationReport(
            transactionCount: transactions.count, firstViolation: first,
            headHash: transactions.last?.hash ?? LedgerTransaction.genesisHash)
    }

    static func violation(
        _ index: Int, _ transaction: LedgerTransaction, _ code: LedgerViolation.Code, _ message: String
    ) -> LedgerViolation {
        LedgerViolation(
            position: index, idempotencyKey: transaction.idempotencyKey,
            intervalStart: transaction.intervalStart, code: code, message: message)
    }

    static func checkChain(_ transactions: [LedgerTransaction]) -> LedgerViolation? {
        var keys = Set<String>()
        var previousHash = LedgerTransaction.genesisHash
        for (index, transaction) in transactions.enumerated() {
            guard transaction.sequence == Int64(index) else {
                return violation(
                    index, transaction, .sequenceGap, "sequence \(transaction.sequence) at position \(index)")
            }
            guard transaction.previousHash == previousHash else {
                return violation(
                    index, transaction, .brokenChain, "previous hash does not match the hash of the transaction before")
            }
            guard transaction.hash == transaction.computeHash() else {
                return violation(
                    index, transaction, .hashMismatch, "content does not match its hash (altered after it was written)")
            }
            guard keys.insert(transaction.idempotencyKey).inserted else {
                return violation(index, transaction, .duplicateIdempotencyKey, "idempotency key appears twice")
            }
            let expectedPrefix =
                transaction.kind == .settlement
                ? LedgerTransaction.settlementKey(intervalStart: transaction.intervalStart)
                : "correction/\(transaction.intervalStart)/"
            guard
                transaction.kind == .settlement
                    ? transaction.idempotencyKey == expectedPrefix
                    : transaction.idempotencyKey.hasPrefix(expectedPrefix)
            else {
                return violation(
                    index, transaction, .malformedIdempotencyKey,
                    "key does not name the \(transaction.kind.rawValue) of interval \(transaction.intervalStart)")
            }
            var sums: [SettlementPosition.PostingKey: Int64] = [:]
            for posting in transaction.postings {
                sums[.init(account: .grid, purpose: posting.purpose, commodity: posting.commodity), default: 0] +=
                    posting.amount
            }
            for purpose in PostingPurpose.allCases {
                for commodity in Commodity.allCases {
                    let sum = sums[.init(account: .grid, purpose: purpose, commodity: commodity)] ?? 0
                    guard sum == 0 else {
                        if purpose == .peerTrade, commodity == .energyWh {
                            return violation(
                                index, transaction, .unbalancedPeerEnergy,
                                "peer energy sold and bought differ by \(sum) Wh")
                        }
                        return violation(
                            index, transaction, .unbalancedPostings,
                            "\(purpose.rawValue) \(commodity.rawValue) postings sum to \(sum), not 0")
                    }
                }
            }
            previousHash = transaction.hash
        }
        return nil
    }

    /// Cumulative per-participant totals of one interval.
    struct Totals {
        var reading: MeterReading?
        var peerNetWh: Int64 = 0
        var gridImportWh: Int64 = 0
        var gridExportWh: Int64 = 0
        var gridImportMoney: Int64 = 0
        var gridExportMoney: Int64 = 0
        var tradeNetWh: Int64 = 0
        var peerMoney: Int64 = 0
        /// Σ delivered Wh × price of the participant's purchases and sales, in 1/1000 milli-won.
        var boughtExact: Int128 = 0
        var soldExact: Int128 = 0
        var hasEnergy = false
    }

    static func checkInterval(_ indices: [Int], _ transactions: [LedgerTransaction]) -> LedgerViolation? {
        guard let baseIndex = indices.first else { return nil }
        let base = transactions[baseIndex]
        var totals: [Participant: Totals] = [:]
        var readings: [Participant: MeterReading] = [:]
        var delivered: [DeliveredTrade.Key: Int64] = [:]
        if let malformed = malformedMatch(in: base) {
            return violation(baseIndex, base, .clearedMatchesMismatch, malformed)
        }
        // The prices and matches in force: the settlement's, then those of each price true-up.
        var prices = base.prices
        var matches = base.clearedMatches
        for (ordinal, index) in indices.enumerated() {
            let transaction = transactions[index]
            let expectedKind: TransactionKind = ordinal == 0 ? .settlement : .correction
            guard transaction.kind == expectedKind else {
                return violation(
                    index, transaction, .misplacedKind,
                    "a \(transaction.kind.rawValue) where a \(expectedKind.rawValue) belongs")
            }
            // A price true-up brings new prices and the matches cleared at them; the checks from
            // there on hold at them.
            if transaction.isPriceTrueUp {
                if let malformed = malformedMatch(in: transaction) {
                    return violation(index, transaction, .clearedMatchesMismatch, malformed)
                }
                prices = transaction.prices
                matches = transaction.clearedMatches
            }
            guard transaction.prices == prices, transaction.mechanism == base.mechanism else {
                return violation(
                    index, transaction, .inconsistentInterval,
                    "prices or mechanism differ from the interval's settlement")
            }
            for reading in transaction.meterReadings {
                guard totals[reading.participant]?.reading == nil else {
                    return violation(
                        index, transaction, .duplicateReading,
                        "\(reading.participant) read twice in interval \(transaction.intervalStart)")
                }
                totals[reading.participant, default: Totals()].reading = reading
            }
            for posting in transaction.postings {
                let participant: Participant
                switch posting.account {
                case .household(let id): participant = .household(id)
                case .storage: participant = .storage
                case .operator, .grid: continue
                }
                var entry = totals[participant, default: Totals()]
                switch (posting.purpose, posting.commodity) {
                case (.peerTrade, .energyWh):
                    entry.peerNetWh += posting.amount
                    entry.hasEnergy = true
                case (.gridImport, .energyWh):
                    entry.gridImportWh += posting.amount
                    entry.hasEnergy = true
                case (.gridExport, .energyWh):
                    entry.gridExportWh -= posting.amount
                    entry.hasEnergy = true
                case (.gridImport, .moneyMilliWon): entry.gridImportMoney -= posting.amount
                case (.gridExport, .moneyMilliWon): entry.gridExportMoney += posting.amount
                case (.peerTrade, .moneyMilliWon): entry.peerMoney += posting.amount
                }
                totals[participant] = entry
            }
            for trade in transaction.deliveredTrades {
                totals[trade.buyer, default: Totals()].tradeNetWh += trade.energyWh
                totals[trade.seller, default: Totals()].tradeNetWh -= trade.energyWh
                totals[trade.buyer, default: Totals()].boughtExact +=
                    MoneyRounding.exact(energyWh: trade.energyWh, priceMilliWonPerKWh: trade.buyerPriceMilliWonPerKWh)
                totals[trade.seller, default: Totals()].soldExact +=
                    MoneyRounding.exact(energyWh: trade.energyWh, priceMilliWonPerKWh: trade.sellerPriceMilliWonPerKWh)
            }
            // Report the failing participant that sorts first, so the message is reproducible.
            var failing: (participant: Participant, code: LedgerViolation.Code, message: String)?
            for (participant, entry) in totals {
                guard let failure = check(participant, entry, prices: prices) else { continue }
                if let known = failing, participantPrecedes(known.participant, participant) { continue }
                failing = (participant, failure.code, failure.message)
            }
            if let failing { return violation(index, transaction, failing.code, failing.message) }
            guard ordinal == 0 || transaction.isPriceTrueUp || transaction.clearedMatches.isEmpty else {
                return violation(index, transaction, .clearedMatchesMismatch, "a correction carries cleared matches")
            }
            for reading in transaction.meterReadings { readings[reading.participant] = reading }
            for trade in transaction.deliveredTrades { delivered[trade.key, default: 0] += trade.energyWh }
            // What the matches in force deliver for the readings so far: the settlement and its
            // corrections together must have delivered exactly that.
            let expected = SettlementCalculator.position(
                matches: matches, readings: readings, prices: prices
            ).trades.filter { $0.value != 0 }
            guard expected == delivered.filter({ $0.value != 0 }) else {
                return violation(
                    index, transaction, .clearedMatchesMismatch,
                    "delivered trades differ from what the cleared matches deliver for the metered readings")
            }
        }
        return nil
    }

    /// Why a settlement's cleared matches cannot be genuine, or nil.
    static func malformedMatch(in transaction: LedgerTransaction) -> String? {
        for (position, match) in transaction.clearedMatches.enumerated() {
            if match.energyWh <= 0 { return "cleared match \(position) has \(match.energyWh) Wh" }
            if match.buyer == match.seller { return "cleared match \(position) trades \(match.buyer) with itself" }
            if match.buyerPriceMilliWonPerKWh < match.sellerPriceMilliWonPerKWh {
                return "cleared match \(position): the buyer pays less than the seller receives"
            }
        }
        return nil
    }

    static func check(_ participant: Participant, _ entry: Totals, prices: GridPrices) -> (
        code: LedgerViolation.Code, message: String
    )? {
        guard entry.tradeNetWh == entry.peerNetWh else {
            return (
                .tradesMismatch,
                "\(participant): delivered trades net \(entry.tradeNetWh) Wh, peer postings \(entry.peerNetWh) Wh"
            )
        }
        let peerMoney = MoneyRounding.ceiling(entry.soldExact) - MoneyRounding.floor(entry.boughtExact)
        guard entry.peerMoney == peerMoney else {
            return (
                .peerPriceMismatch,
                "\(participant): peer money \(entry.peerMoney) milli-won, delivered trades at their prices make \(peerMoney)"
            )
        }
        guard let reading = entry.reading else {
            return entry.hasEnergy
                ? (.postingWithoutReading, "\(participant) has energy postings but no meter reading") : nil
        }
        let bought = max(entry.peerNetWh, 0)
        let sold = max(-entry.peerNetWh, 0)
        guard entry.gridImportWh >= 0, entry.gridExportWh >= 0,
            reading.importWh == bought + entry.gridImportWh,
            reading.exportWh == sold + entry.gridExportWh
        else {
            return (
                .meterMismatch,
                "\(participant): metered import \(reading.importWh) Wh / export \(reading.exportWh) Wh ≠ P2P bought \(bought) + grid import \(entry.gridImportWh) / P2P sold \(sold) + grid export \(entry.gridExportWh)"
            )
        }
        let importCost = MoneyRounding.gridImportCost(
            energyWh: entry.gridImportWh, priceMilliWonPerKWh: prices.importPrice(for: participant))
        let exportRevenue = MoneyRounding.gridImportCost(
            energyWh: entry.gridExportWh, priceMilliWonPerKWh: prices.exportMilliWonPerKWh)
        guard entry.gridImportMoney == importCost, entry.gridExportMoney == exportRevenue else {
            return (
                .gridPriceMismatch,
                "\(participant): grid money \(entry.gridImportMoney)/\(entry.gridExportMoney) milli-won, expected \(importCost)/\(exportRevenue)"
            )
        }
        return nil
    }
}
