/// Supply-demand ratio (SDR) and mid-market rate (MMR): one community price from the grid
/// prices and the ratio of supply S to demand D, no price discovery from bids.
///
/// Both are expressed as "peer energy at one price P, the long side rationed pro rata, the rest
/// with the grid at λb / λs", which reproduces the blended prices of the formulas exactly:
/// SDR buyers pay Pb·D = Ps·S + λb·(D−S); MMR buyers in shortage pay (Pmid·S + λb·(D−S))/D.
/// Participants whose (effective) limit rejects P leave the pool and P is recomputed until
/// stable; this keeps tiered households with a low marginal import price individually rational.
enum PoolClearing {
    static func clear(_ state: inout ClearingState, mechanism: Mechanism) -> Int64? {
        var buyers = state.buyers
        var sellers = state.sellers
        let limit = state.effectiveLimit
        var price: Int64 = 0
        var supply: Int64 = 0
        var demand: Int64 = 0
        while true {
            supply = sellers.reduce(0) { $0 + state.remaining[$1] }
            demand = buyers.reduce(0) { $0 + state.remaining[$1] }
            guard supply > 0, demand > 0 else { return nil }
            price = poolPrice(mechanism, supplyWh: supply, demandWh: demand, prices: state.prices)
            let keptBuyers = buyers.filter { limit[$0] >= price }
            let keptSellers = sellers.filter { limit[$0] <= price }
            if keptBuyers.count == buyers.count, keptSellers.count == sellers.count { break }
            buyers = keptBuyers
            sellers = keptSellers
        }
        let volume = min(supply, demand)
        let buyerFills = ProRata.split(volume: volume, quantities: buyers.map { state.remaining[$0] })
        let sellerFills = ProRata.split(volume: volume, quantities: sellers.map { state.remaining[$0] })
        var buyerLeft = buyerFills
        var sellerLeft = sellerFills
        // Preferred partners pick their counterparty first; quantities and price are the pool's.
        let pairs = state.preferredPairs().sorted { $0.buyer != $1.buyer ? $0.buyer < $1.buyer : $0.seller < $1.seller }
        let buyerSlot = pairs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: buyers.enumerated().map { ($1, $0) })
        let sellerSlot = pairs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: sellers.enumerated().map { ($1, $0) })
        for pair in pairs {
            guard let b = buyerSlot[pair.buyer], let s = sellerSlot[pair.seller] else { continue }
            let quantity = min(buyerLeft[b], sellerLeft[s])
            guard quantity > 0 else { continue }
            state.record(
                buyer: pair.buyer, seller: pair.seller, energyWh: quantity,
                buyerPrice: price, sellerPrice: price, preferred: true)
            buyerLeft[b] -= quantity
            sellerLeft[s] -= quantity
        }
        state.pairInOrder(buyers: buyers, buyerFills: buyerLeft, sellers: sellers, sellerFills: sellerLeft) { _, _ in
            (price, price)
        }
        for (index, fill) in zip(buyers, buyerFills) { state.remaining[index] -= fill }
        for (index, fill) in zip(sellers, sellerFills) { state.remaining[index] -= fill }
        return price
    }

    /// The community price P, rounded half up to a whole milli-won per kWh; within [λs, λb].
    static func poolPrice(_ mechanism: Mechanism, supplyWh: Int64, demandWh: Int64, prices: GridPrices) -> Int64 {
        let sell = Int128(prices.exportMilliWonPerKWh)
        let buy = Int128(prices.importMilliWonPerKWh)
        switch mechanism {
        case .supplyDemandRatio:
            // SDR = S/D; Ps = λs·λb / ((λb − λs)·SDR + λs) = λs·λb·D / ((λb − λs)·S + λs·D).
            guard supplyWh < demandWh else { return prices.exportMilliWonPerKWh }
            let numerator = sell * buy * Int128(demandWh)
            let denominator = (buy - sell) * Int128(supplyWh) + sell * Int128(demandWh)
            guard denominator > 0 else { return prices.importMilliWonPerKWh }
            return Int64((2 * numerator + denominator) / (2 * denominator))
        default:
            // Pmid = (λb + λs) / 2, whichever side is long.
            return Int64((buy + sell + 1) / 2)
        }
    }
}
