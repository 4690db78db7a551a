/// Working arrays shared by the mechanisms: indices into the id-sorted book, effective
/// limits and remaining quantities. Index order is id order, so comparing indices is the
/// id tie-break without comparing strings.
struct ClearingState {
    let book: OrderBook
    let prices: GridPrices
    /// Limit after individual-rationality clamping, per order.
    var effectiveLimit: [Int64]
    var remaining: [Int64]
    var matched: [Int64]
    var matches: [Match] = []
    /// Tradable buyer / seller indices, in id order.
    var buyers: [Int] = []
    var sellers: [Int] = []

    init(book: OrderBook, prices: GridPrices) {
        self.book = book
        self.prices = prices
        let count = book.orders.count
        effectiveLimit = [Int64](repeating: 0, count: count)
        remaining = [Int64](repeating: 0, count: count)
        matched = [Int64](repeating: 0, count: count)
        for (index, order) in book.orders.enumerated() {
            switch order.side {
            case .buy:
                effectiveLimit[index] = min(order.limitPriceMilliWonPerKWh, prices.importPrice(for: order.participant))
            case .sell:
                effectiveLimit[index] = max(order.limitPriceMilliWonPerKWh, prices.exportMilliWonPerKWh)
            }
            guard order.tradingEnabled, order.energyWh > 0 else { continue }
            remaining[index] = order.energyWh
            if order.side == .buy { buyers.append(index) } else { sellers.append(index) }
        }
    }

    mutating func record(
        buyer: Int, seller: Int, energyWh: Int64, buyerPrice: Int64, sellerPrice: Int64, preferred: Bool
    ) {
        let buyOrder = book.orders[buyer]
        let sellOrder = book.orders[seller]
        matched[buyer] += energyWh
        matched[seller] += energyWh
        matches.append(
            Match(
                buyerOrderID: buyOrder.id, sellerOrderID: sellOrder.id,
                buyer: buyOrder.participant, seller: sellOrder.participant, energyWh: energyWh,
                buyerPriceMilliWonPerKWh: buyerPrice, sellerPriceMilliWonPerKWh: sellerPrice,
                preferred: preferred))
    }

    /// Pairs of (buyer, seller) indices where either side names the other's household.
    func preferredPairs() -> [(buyer: Int, seller: Int)] {
        let anyPreference =
            sellers.contains { !book.orders[$0].preferredPartners.isEmpty }
            || buyers.contains { !book.orders[$0].preferredPartners.isEmpty }
        guard anyPreference else { return [] }
        var sellersByHousehold: [String: [Int]] = [:]
        var buyersByHousehold: [String: [Int]] = [:]
        for index in sellers {
            if let id = book.orders[index].participant.householdID { sellersByHousehold[id, default: []].append(index) }
        }
        for index in buyers {
            if let id = book.orders[index].participant.householdID { buyersByHousehold[id, default: []].append(index) }
        }
        var seen = Set<Int64>()
        var pairs: [(buyer: Int, seller: Int)] = []
        func add(_ buyer: Int, _ seller: Int) {
            guard book.orders[buyer].participant != book.orders[seller].participant else { return }
            if seen.insert(Int64(buyer) << 32 | Int64(seller)).inserted { pairs.append((buyer, seller)) }
        }
        for buyer in buyers {
            for partner in book.orders[buyer].preferredPartners {
                for seller in sellersByHousehold[partner] ?? [] { add(buyer, seller) }
            }
        }
        for seller in sellers {
            for partner in book.orders[seller].preferredPartners {
                for buyer in buyersByHousehold[partner] ?? [] { add(buyer, seller) }
            }
        }
        return pairs
    }

    /// Pairs already-determined fills into bilateral matches, in the given orders
    /// (north-west corner rule: walk both lists, each match the smaller remainder).
    mutating func pairInOrder(
        buyers orderedBuyers: [Int], buyerFills: [Int64],
        sellers orderedSellers: [Int], sellerFills: [Int64],
        price: (_ buyer: Int, _ seller: Int) -> (buyer: Int64, seller: Int64)
    ) {
        var buyerFills = buyerFills
        var sellerFills = sellerFills
        var i = 0
        var j = 0
        while i < orderedBuyers.count, j < orderedSellers.count {
            if buyerFills[i] == 0 {
                i += 1
                continue
            }
            if sellerFills[j] == 0 {
                j += 1
                continue
            }
            let quantity = min(buyerFills[i], sellerFills[j])
            let (buyer, seller) = (orderedBuyers[i], orderedSellers[j])
            let matchPrice = price(buyer, seller)
            record(
                buyer: buyer, seller: seller, energyWh: quantity,
                buyerPrice: matchPrice.buyer, sellerPrice: matchPrice.seller, preferred: false)
            buyerFills[i] -= quantity
            sellerFills[j] -= quantity
        }
    }

    func result(mechanism: Mechanism, clearingPrice: Int64?) -> ClearingResult {
        var fills: [OrderFill] = []
        fills.reserveCapacity(book.orders.count)
        for (index, order) in book.orders.enumerated() {
            let gridPrice =
                order.side == .buy
                ? prices.importPrice(for: order.participant) : prices.exportMilliWonPerKWh
            fills.append(
                OrderFill(
                    orderID: order.id, participant: order.participant, side: order.side,
                    matchedWh: matched[index], gridWh: order.energyWh - matched[index],
                    gridPriceMilliWonPerKWh: gridPrice))
        }
        return ClearingResult(
            mechanism: mechanism, matches: matches, fills: fills,
            clearingPriceMilliWonPerKWh: clearingPrice)
    }
}
