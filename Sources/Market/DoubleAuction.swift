/// Uniform-price (k-DA) and pay-as-bid clearing; they share the quantities and differ in price.
///
/// Open-market quantities: bids sorted high→low, asks low→high, grouped into price levels;
/// the walk trades while the bid level is at least the ask level. A level that trades only in
/// part is shared pro rata among its orders. b_m and s_m are the prices of the last bid and ask
/// levels that traded.
enum DoubleAuction {
    enum Pricing {
        /// Everyone in the open market at p = round(k·b_m + (1−k)·s_m); a preferred pair at
        /// the same formula over its own two limits.
        case uniform(kPerMille: Int)
        /// Each side at its own (effective) limit.
        case ownLimit
    }

    /// k-DA price, rounded half up to a whole milli-won per kWh; always within [s, b].
    static func kPrice(bid: Int64, ask: Int64, kPerMille: Int) -> Int64 {
        let k = Int64(kPerMille)
        return (k * bid + (1000 - k) * ask + 500) / 1000
    }

    /// Returns the uniform open-market price, if uniform pricing and anything traded there.
    static func clear(_ state: inout ClearingState, pricing: Pricing) -> Int64? {
        matchPreferred(&state, pricing: pricing)
        return matchOpen(&state, pricing: pricing)
    }

    static func matchPreferred(_ state: inout ClearingState, pricing: Pricing) {
        let limit = state.effectiveLimit
        var pairs = state.preferredPairs().filter { limit[$0.buyer] >= limit[$0.seller] }
        guard !pairs.isEmpty else { return }
        pairs.sort { lhs, rhs in
            if limit[lhs.buyer] != limit[rhs.buyer] { return limit[lhs.buyer] > limit[rhs.buyer] }
            if limit[lhs.seller] != limit[rhs.seller] { return limit[lhs.seller] < limit[rhs.seller] }
            return lhs.buyer != rhs.buyer ? lhs.buyer < rhs.buyer : lhs.seller < rhs.seller
        }
        for pair in pairs {
            let quantity = min(state.remaining[pair.buyer], state.remaining[pair.seller])
            guard quantity > 0 else { continue }
            let price = pairPrice(pricing, bid: limit[pair.buyer], ask: limit[pair.seller])
            state.record(
                buyer: pair.buyer, seller: pair.seller, energyWh: quantity,
                buyerPrice: price.buyer, sellerPrice: price.seller, preferred: true)
            state.remaining[pair.buyer] -= quantity
            state.remaining[pair.seller] -= quantity
        }
    }

    static func pairPrice(_ pricing: Pricing, bid: Int64, ask: Int64) -> (buyer: Int64, seller: Int64) {
        switch pricing {
        case .uniform(let k):
            let price = kPrice(bid: bid, ask: ask, kPerMille: k)
            return (price, price)
        case .ownLimit:
            return (bid, ask)
        }
    }

    /// A run of orders at one limit price, in id order.
    struct Level {
        var price: Int64
        var members: [Int]
        var quantityWh: Int64
        var tradedWh: Int64 = 0
    }

    static func levels(_ indices: [Int], state: ClearingState, descending: Bool) -> [Level] {
        let limit = state.effectiveLimit
        let remaining = state.remaining
        let open = sortedByLimit(indices.filter { remaining[$0] > 0 }, limit: limit, descending: descending)
        var result: [Level] = []
        for index in open {
            if let last = result.last, last.price == limit[index] {
                result[result.count - 1].members.append(index)
                result[result.count - 1].quantityWh += remaining[index]
            } else {
                result.append(Level(price: limit[index], members: [index], quantityWh: remaining[index]))
            }
        }
        return result
    }

    /// Indices by limit (high→low for bids, low→high for asks), ties by index (= id order).
    /// Packs (limit, index) into one `UInt64` when both fit, which sorts several times faster
    /// than a two-key comparison on a million orders.
    static func sortedByLimit(_ indices: [Int], limit: [Int64], descending: Bool) -> [Int] {
        let priceBits: UInt64 = 27
        let indexBits: UInt64 = 36
        let maxPrice = Int64(1) << priceBits
        let fits = indices.count < (1 << indexBits) && indices.allSatisfy { limit[$0] >= 0 && limit[$0] < maxPrice }
        guard fits else {
            return indices.sorted { lhs, rhs in
                let a = limit[lhs]
                let b = limit[rhs]
                if a != b { return descending ? a > b : a < b }
                return lhs < rhs
            }
        }
        var keys = indices.map { index -> UInt64 in
            let price = UInt64(descending ? maxPrice - 1 - limit[index] : limit[index])
            return price << indexBits | UInt64(index)
        }
        keys.sort()
        let mask: UInt64 = (1 << indexBits) - 1
        return keys.map { Int($0 & mask) }
    }

    static func matchOpen(_ state: inout ClearingState, pricing: Pricing) -> Int64? {
        var bidLevels = levels(state.buyers, state: state, descending: true)
        var askLevels = levels(state.sellers, state: state, descending: false)
        var i = 0
        var j = 0
        var bidLeft = bidLevels.first?.quantityWh ?? 0
        var askLeft = askLevels.first?.quantityWh ?? 0
        var last: (bid: Int, ask: Int)?
        while i < bidLevels.count, j < askLevels.count, bidLevels[i].price >= askLevels[j].price {
            let quantity = min(bidLeft, askLeft)
            bidLevels[i].tradedWh += quantity
            askLevels[j].tradedWh += quantity
            last = (i, j)
            bidLeft -= quantity
            askLeft -= quantity
            if bidLeft == 0 {
                i += 1
                bidLeft = i < bidLevels.count ? bidLevels[i].quantityWh : 0
            }
            if askLeft == 0 {
                j += 1
                askLeft = j < askLevels.count ? askLevels[j].quantityWh : 0
            }
        }
        guard let last else { return nil }
        let (orderedBuyers, buyerFills) = fills(of: bidLevels[...last.bid], state: state)
        let (orderedSellers, sellerFills) = fills(of: askLevels[...last.ask], state: state)
        let uniformPrice: Int64?
        switch pricing {
        case .uniform(let k):
            let price = kPrice(bid: bidLevels[last.bid].price, ask: askLevels[last.ask].price, kPerMille: k)
            uniformPrice = price
            state.pairInOrder(
                buyers: orderedBuyers, buyerFills: buyerFills,
                sellers: orderedSellers, sellerFills: sellerFills
            ) { _, _ in (price, price) }
        case .ownLimit:
            uniformPrice = nil
            let limit = state.effectiveLimit
            state.pairInOrder(
                buyers: orderedBuyers, buyerFills: buyerFills,
                sellers: orderedSellers, sellerFills: sellerFills
            ) { buyer, seller in
                (limit[buyer], limit[seller])
            }
        }
        for (index, fill) in zip(orderedBuyers, buyerFills) { state.remaining[index] -= fill }
        for (index, fill) in zip(orderedSellers, sellerFills) { state.remaining[index] -= fill }
        return uniformPrice
    }

    /// Per-order fills of the traded levels: full levels in full, a partial level pro rata.
    static func fills(of levels: ArraySlice<Level>, state: ClearingState) -> ([Int], [Int64]) {
        var indices: [Int] = []
        var amounts: [Int64] = []
        for level in levels {
            if level.tradedWh == level.quantityWh {
                for index in level.members {
                    indices.append(index)
                    amounts.append(state.remaining[index])
                }
            } else {
                let quantities = level.members.map { state.remaining[$0] }
                indices.append(contentsOf: level.members)
                amounts.append(contentsOf: ProRata.split(volume: level.tradedWh, quantities: quantities))
            }
        }
        return (indices, amounts)
    }
}
