import MarketTestKit
import TestKit
import Testing

@testable import Market

/// Properties every mechanism must have, on random village books (tiered import prices,
/// random limits, trading switched off for some, the storage, preferred partners).
struct ClearingPropertyTests {
    static let mechanisms: [Mechanism] = [
        .uniformPrice(kPerMille: 500), .uniformPrice(kPerMille: 0),
        .uniformPrice(kPerMille: 1000), .uniformPrice(kPerMille: 333),
        .payAsBid, .supplyDemandRatio, .midMarketRate,
    ]

    @Test(arguments: mechanisms)
    func fillsMatchesAndIndividualRationality(_ mechanism: Mechanism) throws {
        var rng = SeededGenerator(seed: 0xC1EA_0001)
        for _ in 0..<300 {
            let village = VillageFixture.random(
                households: Int.random(in: 1...40, using: &rng), using: &rng,
                preferences: Bool.random(using: &rng))
            let book = try village.book()
            let result = try MarketClearing.clear(book, mechanism: mechanism, prices: village.prices)
            let orders = Dictionary(uniqueKeysWithValues: book.orders.map { ($0.id, $0) })
            #expect(result.fills.map(\.orderID) == book.orders.map(\.id))
            var matchedPerOrder: [String: Int64] = [:]
            for match in result.matches {
                #expect(match.energyWh > 0)
                matchedPerOrder[match.buyerOrderID, default: 0] += match.energyWh
                matchedPerOrder[match.sellerOrderID, default: 0] += match.energyWh
                let buyer = try #require(orders[match.buyerOrderID])
                let seller = try #require(orders[match.sellerOrderID])
                #expect(buyer.side == .buy && seller.side == .sell)
                #expect(buyer.participant == match.buyer && seller.participant == match.seller)
                // Individual rationality against the order's own limit and the grid.
                #expect(match.buyerPriceMilliWonPerKWh <= buyer.limitPriceMilliWonPerKWh)
                #expect(match.buyerPriceMilliWonPerKWh <= village.prices.importPrice(for: buyer.participant))
                #expect(match.sellerPriceMilliWonPerKWh >= seller.limitPriceMilliWonPerKWh)
                #expect(match.sellerPriceMilliWonPerKWh >= village.prices.exportMilliWonPerKWh)
                #expect(match.sellerPriceMilliWonPerKWh <= match.buyerPriceMilliWonPerKWh)
                if mechanism != .payAsBid { #expect(match.sellerPriceMilliWonPerKWh == match.buyerPriceMilliWonPerKWh) }
            }
            var bought: Int64 = 0
            var sold: Int64 = 0
            for fill in result.fills {
                let order = try #require(orders[fill.orderID])
                #expect(fill.matchedWh == (matchedPerOrder[fill.orderID] ?? 0))
                #expect(fill.matchedWh + fill.gridWh == order.energyWh && fill.gridWh >= 0)
                if !order.tradingEnabled { #expect(fill.matchedWh == 0) }
                let gridPrice =
                    order.side == .buy
                    ? village.prices.importPrice(for: order.participant) : village.prices.exportMilliWonPerKWh
                #expect(fill.gridPriceMilliWonPerKWh == gridPrice)
                if order.side == .buy { bought += fill.matchedWh } else { sold += fill.matchedWh }
            }
            #expect(bought == sold)
            if case .uniformPrice = mechanism {
                for match in result.matches where !match.preferred {
                    #expect(match.buyerPriceMilliWonPerKWh == result.clearingPriceMilliWonPerKWh)
                }
            }
        }
    }

    /// After a double auction no bid that could still trade faces an ask it accepts:
    /// the open market is efficient with respect to the (effective) limits.
    @Test(arguments: [Mechanism.default, .payAsBid])
    func doubleAuctionLeavesNoCrossingOrders(_ mechanism: Mechanism) throws {
        var rng = SeededGenerator(seed: 0xC1EA_0002)
        for _ in 0..<300 {
            let village = VillageFixture.random(
                households: Int.random(in: 1...40, using: &rng), using: &rng,
                preferences: Bool.random(using: &rng))
            let book = try village.book()
            let result = try MarketClearing.clear(book, mechanism: mechanism, prices: village.prices)
            var highestOpenBid = Int64.min
            var lowestOpenAsk = Int64.max
            for (order, fill) in zip(book.orders, result.fills) where order.tradingEnabled && fill.gridWh > 0 {
                if order.side == .buy {
                    highestOpenBid = max(
                        highestOpenBid,
                        min(order.limitPriceMilliWonPerKWh, village.prices.importPrice(for: order.participant)))
                } else {
                    lowestOpenAsk = min(
                        lowestOpenAsk, max(order.limitPriceMilliWonPerKWh, village.prices.exportMilliWonPerKWh))
                }
            }
            #expect(highestOpenBid < lowestOpenAsk)
        }
    }

    /// Input order does not matter: the book sorts by id and every tie-break follows ids.
    @Test(arguments: mechanisms)
    func resultDoesNotDependOnInputOrder(_ mechanism: Mechanism) throws {
        var rng = SeededGenerator(seed: 0xC1EA_0003)
        for _ in 0..<100 {
            let village = VillageFixture.random(
                households: Int.random(in: 2...30, using: &rng), using: &rng, preferences: true)
            let first = try MarketClearing.clear(village.book(), mechanism: mechanism, prices: village.prices)
            let shuffled = try OrderBook(village.orders.shuffled(using: &rng), knownHouseholds: village.knownHouseholds)
            #expect(try MarketClearing.clear(shuffled, mechanism: mechanism, prices: village.prices) == first)
        }
    }

    /// Twin households (same quantity, limit, import price) get the same fill, up to the one
    /// indivisible watt-hour of a pro-rata remainder.
    @Test(arguments: mechanisms)
    func symmetricHouseholdsGetSymmetricFills(_ mechanism: Mechanism) throws {
        var rng = SeededGenerator(seed: 0xC1EA_0004)
        for _ in 0..<200 {
            let base = VillageFixture.random(
                households: Int.random(in: 1...20, using: &rng), using: &rng, storage: false)
            var twins = base
            for order in base.orders {
                guard case .household(let id) = order.participant else { continue }
                var twin = order
                twin.id = order.id + "-twin"
                twin.participant = .household("t" + id)
                twins.orders.append(twin)
                twins.households.append("t" + id)
                if let tier = base.prices.householdImportMilliWonPerKWh[id] {
                    twins.prices.householdImportMilliWonPerKWh["t" + id] = tier
                }
            }
            let result = try MarketClearing.clear(twins.book(), mechanism: mechanism, prices: twins.prices)
            let fills = Dictionary(uniqueKeysWithValues: result.fills.map { ($0.orderID, $0) })
            for order in base.orders {
                let original = try #require(fills[order.id])
                let twin = try #require(fills[order.id + "-twin"])
                #expect(abs(original.matchedWh - twin.matchedWh) <= 1, "\(order.id)")
            }
        }
    }

    /// Pay-as-bid trades the same quantities as the uniform-price auction; only prices differ.
    @Test func payAsBidTradesTheUniformQuantities() throws {
        var rng = SeededGenerator(seed: 0xC1EA_0005)
        for _ in 0..<200 {
            let village = VillageFixture.random(
                households: Int.random(in: 1...40, using: &rng), using: &rng, preferences: Bool.random(using: &rng))
            let uniform = try MarketClearing.clear(village.book(), mechanism: .default, prices: village.prices)
            let payAsBid = try MarketClearing.clear(village.book(), mechanism: .payAsBid, prices: village.prices)
            #expect(uniform.fills == payAsBid.fills)
        }
    }

    /// SDR and MMR prices against the formulas of the market facts, evaluated in floating
    /// point; the long side is rationed pro rata.
    @Test(arguments: [Mechanism.supplyDemandRatio, .midMarketRate])
    func poolPricesFollowTheFormulas(_ mechanism: Mechanism) throws {
        var rng = SeededGenerator(seed: 0xC1EA_0006)
        for _ in 0..<300 {
            let village = VillageFixture.random(
                households: Int.random(in: 2...40, using: &rng), using: &rng,
                tieredShare: 0, randomLimits: false, storage: false)
            let book = try village.book()
            let supply = Double(book.orders.filter { $0.side == .sell }.reduce(0) { $0 + $1.energyWh })
            let demand = Double(book.orders.filter { $0.side == .buy }.reduce(0) { $0 + $1.energyWh })
            let result = try MarketClearing.clear(book, mechanism: mechanism, prices: village.prices)
            guard supply > 0, demand > 0 else {
                #expect(result.matches.isEmpty)
                continue
            }
            let sell = Double(village.prices.exportMilliWonPerKWh)
            let buy = Double(village.prices.importMilliWonPerKWh)
            let expected: Double
            if mechanism == .supplyDemandRatio {
                let ratio = supply / demand
                expected = ratio >= 1 ? sell : sell * buy / ((buy - sell) * ratio + sell)
                // The buyers' blended price Pb = Ps·SDR + λb·(1 − SDR) is what they pay per kWh of demand.
                if ratio < 1 {
                    let blended = expected * ratio + buy * (1 - ratio)
                    let paid = (expected * supply + buy * (demand - supply)) / demand
                    #expect(abs(blended - paid) < 1e-6 * buy)
                }
            } else {
                expected = (buy + sell) / 2
            }
            let price = try #require(result.clearingPriceMilliWonPerKWh)
            #expect(abs(Double(price) - expected) <= 0.5 + 1e-9 * expected)
            #expect(Double(result.tradedWh) == min(supply, demand))
            let longSide: OrderSide = supply > demand ? .sell : .buy
            let ratio = min(supply, demand) / max(supply, demand)
            for (order, fill) in zip(book.orders, result.fills) {
                if order.side == longSide {
                    #expect(abs(Double(fill.matchedWh) - Double(order.energyWh) * ratio) < 1)
                } else {
                    #expect(fill.matchedWh == order.energyWh)
                }
            }
        }
    }

    @Test func preferredPartnersAreMatchedFirst() throws {
        let site: Set<String> = ["101", "102", "103"]
        let prices = GridPrices(exportMilliWonPerKWh: 60_000, importMilliWonPerKWh: 200_000)
        let orders = [
            Order(
                id: "a", participant: .household("101"), side: .buy, energyWh: 1000, limitPriceMilliWonPerKWh: 200_000),
            Order(
                id: "b", participant: .household("102"), side: .buy, energyWh: 1000, limitPriceMilliWonPerKWh: 150_000,
                preferredPartners: ["103"]),
            Order(
                id: "c", participant: .household("103"), side: .sell, energyWh: 1000, limitPriceMilliWonPerKWh: 60_000),
        ]
        let book = try OrderBook(orders, knownHouseholds: site)
        for mechanism in ClearingPropertyTests.mechanisms {
            let result = try MarketClearing.clear(book, mechanism: mechanism, prices: prices)
            switch mechanism {
            case .uniformPrice, .payAsBid:
                // Without the preference the higher bid "a" would take all of "c".
                #expect(
                    result.matches.count == 1 && result.matches[0].buyerOrderID == "b" && result.matches[0].preferred,
                    "\(mechanism)")
            case .supplyDemandRatio, .midMarketRate:
                // Pools ration quantities pro rata; the preference picks the counterparty first.
                #expect(
                    result.matches.map(\.buyerOrderID) == ["b", "a"]
                        && result.matches.map(\.preferred) == [true, false])
                #expect(result.matches.map(\.energyWh) == [500, 500])
            }
        }
        let open = try MarketClearing.clear(
            OrderBook(
                orders.map {
                    var o = $0
                    o.preferredPartners = []
                    return o
                }, knownHouseholds: site),
            prices: prices)
        #expect(open.matches.map(\.buyerOrderID) == ["a"])
        #expect(open.clearingPriceMilliWonPerKWh == 130_000)
    }
}
