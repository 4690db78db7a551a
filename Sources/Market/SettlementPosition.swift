/// The aggregated content of one interval's settlement: net postings per (account, purpose,
/// commodity) and delivered energy per trade pair.
///
/// Corrections are computed as the difference between the position the complete data call
/// for and the sum of what is already posted, so settled + corrections always equals a
/// settlement done with all data at once, and nothing is ever rewritten.
struct SettlementPosition: Equatable {
    struct PostingKey: Hashable {
        var account: Account
        var purpose: PostingPurpose
        var commodity: Commodity
    }

    var postings: [PostingKey: Int64] = [:]
    var trades: [DeliveredTrade.Key: Int64] = [:]

    var isEmpty: Bool { postings.values.allSatisfy { $0 == 0 } && trades.values.allSatisfy { $0 == 0 } }

    mutating func post(_ account: Account, _ purpose: PostingPurpose, _ commodity: Commodity, _ amount: Int64) {
        guard amount != 0 else { return }
        postings[PostingKey(account: account, purpose: purpose, commodity: commodity), default: 0] += amount
    }

    /// Moves `amount` of a commodity from one account to another under one purpose.
    mutating func transfer(
        _ amount: Int64, _ commodity: Commodity, from source: Account, to destination: Account,
        for purpose: PostingPurpose
    ) {
        post(source, purpose, commodity, -amount)
        post(destination, purpose, commodity, amount)
    }

    mutating func add(_ transaction: LedgerTransaction) {
        for posting in transaction.postings {
            post(posting.account, posting.purpose, posting.commodity, posting.amount)
        }
        for trade in transaction.deliveredTrades { trades[trade.key, default: 0] += trade.energyWh }
    }

    func subtracting(_ other: SettlementPosition) -> SettlementPosition {
        var result = self
        for (key, amount) in other.postings { result.postings[key, default: 0] -= amount }
        for (key, amount) in other.trades { result.trades[key, default: 0] -= amount }
        return result
    }

    /// Non-zero postings in canonical order.
    var postingList: [Posting] {
        postings.compactMap { key, amount in
            amount == 0
                ? nil : Posting(account: key.account, purpose: key.purpose, commodity: key.commodity, amount: amount)
        }.sorted(by: Posting.canonicalOrder)
    }

    /// Non-zero delivered trades in canonical order.
    var tradeList: [DeliveredTrade] {
        trades.filter { $0.value != 0 }.sorted { DeliveredTrade.Key.canonicalOrder($0.key, $1.key) }.map {
            key, energy in
            DeliveredTrade(
                buyer: key.buyer, seller: key.seller, energyWh: energy,
                buyerPriceMilliWonPerKWh: key.buyerPrice, sellerPriceMilliWonPerKWh: key.sellerPrice)
        }
    }
}
