import Foundation
import Testing

@testable import Market

struct OrderBookTests {
    static let site: Set<String> = ["101", "102", "103"]

    static func raw(
        _ id: String = "o1", participant: String = "101", side: String = "buy",
        energy: Double = 500, price: Double = 150_000, partners: [String]? = nil
    ) -> RawOrder {
        RawOrder(
            id: id, participant: participant, side: side, energyWh: energy,
            limitPriceMilliWonPerKWh: price, preferredPartners: partners)
    }

    /// Each bad input, the error code it must raise and the field it must name.
    static let badBooks: [(String, [RawOrder], MarketError.Code, String, String)] = [
        ("unknown household", [raw(), raw("o2", participant: "999")], .unknownHousehold, "o2", "participant"),
        ("unknown partner", [raw("o3", partners: ["102", "404"])], .unknownHousehold, "o3", "preferredPartners"),
        ("NaN energy", [raw("o4", energy: .nan)], .notFinite, "o4", "energyWh"),
        ("infinite price", [raw("o5", price: .infinity)], .notFinite, "o5", "limitPriceMilliWonPerKWh"),
        ("negative energy", [raw("o6", energy: -1)], .negative, "o6", "energyWh"),
        ("negative price", [raw(), raw("o7", price: -0.5)], .negative, "o7", "limitPriceMilliWonPerKWh"),
        ("fractional energy", [raw("o8", energy: 10.5)], .notWhole, "o8", "energyWh"),
        ("absurd energy", [raw("o9", energy: 1e15)], .tooLarge, "o9", "energyWh"),
        ("absurd price", [raw("o10", price: 1e12)], .tooLarge, "o10", "limitPriceMilliWonPerKWh"),
        ("unknown side", [raw("o11", side: "hold")], .unknownSide, "o11", "side"),
        (
            "duplicate id", [raw("d"), raw("x", participant: "102"), raw("d", participant: "103", side: "sell")],
            .duplicateOrderID, "d", "id"
        ),
        ("empty id", [raw("")], .emptyOrderID, "", "id"),
    ]

    @Test(arguments: 0..<badBooks.count)
    func badInputIsRefusedNamingTheOrder(_ index: Int) {
        let (name, orders, code, orderID, field) = Self.badBooks[index]
        do {
            _ = try OrderBook(raw: orders, knownHouseholds: Self.site)
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.code == code, "\(name)")
            #expect(error.orderID == orderID, "\(name)")
            #expect(error.field == field, "\(name)")
        }
    }

    @Test func typedOrdersAreCheckedToo() {
        let order = Order(
            id: "t", participant: .household("101"), side: .sell, energyWh: -5, limitPriceMilliWonPerKWh: 1)
        #expect(throws: MarketError(.negative, orderID: "t", field: "energyWh", message: "-5 is negative")) {
            try OrderBook([order], knownHouseholds: Self.site)
        }
    }

    @Test func validBookIsSortedByIdAndKeepsEveryField() throws {
        let book = try OrderBook(
            raw: [
                Self.raw("b", participant: "102", side: "sell", energy: 700, price: 90_000, partners: ["101"]),
                RawOrder(
                    id: "a", participant: RawOrder.storageParticipant, side: "buy", energyWh: 1200,
                    limitPriceMilliWonPerKWh: 80_000, tradingEnabled: false),
            ], knownHouseholds: Self.site)
        #expect(book.orders.map(\.id) == ["a", "b"])
        #expect(
            book.orders[0]
                == Order(
                    id: "a", participant: .storage, side: .buy, energyWh: 1200,
                    limitPriceMilliWonPerKWh: 80_000, tradingEnabled: false))
        #expect(
            book.orders[1]
                == Order(
                    id: "b", participant: .household("102"), side: .sell, energyWh: 700,
                    limitPriceMilliWonPerKWh: 90_000, preferredPartners: ["101"]))
    }

    @Test(arguments: [("auction", MarketError.Code.unknownMechanism), ("", .unknownMechanism)])
    func unknownMechanismIsRefused(_ name: String, _ code: MarketError.Code) {
        #expect { try Mechanism(name: name) } throws: {
            ($0 as? MarketError)?.code == code && ($0 as? MarketError)?.field == "mechanism"
        }
    }

    @Test(arguments: [-0.1, 1.5, Double.nan, 0.2345])
    func badKIsRefused(_ k: Double) {
        #expect { try Mechanism(name: "uniform-price", k: k) } throws: { ($0 as? MarketError)?.field == "mechanism.k" }
    }

    @Test func mechanismNamesRoundTrip() throws {
        for name in Mechanism.names { #expect(try Mechanism(name: name).name == name) }
        #expect(try Mechanism(name: "uniform-price", k: 0.25) == .uniformPrice(kPerMille: 250))
        #expect(try Mechanism(name: "uniform-price") == Mechanism.default)
    }

    @Test func pricesWithExportAboveAnImportPriceAreRefused() throws {
        let book = try OrderBook([], knownHouseholds: Self.site)
        let prices = GridPrices(
            exportMilliWonPerKWh: 100_000, importMilliWonPerKWh: 200_000,
            householdImportMilliWonPerKWh: ["102": 90_000])
        #expect { try MarketClearing.clear(book, prices: prices) } throws: {
            ($0 as? MarketError)?.code == .invalidPrices
        }
    }

    @Test func meteredNetMakesOrdersWithTariffDefaults() throws {
        let sell = try #require(
            Order.fromMeteredNet(
                household: "101", intervalStart: 900, producedWh: 1500, consumedWh: 400,
                exportPriceMilliWonPerKWh: 70_000, marginalImportPriceMilliWonPerKWh: 210_000))
        #expect(sell.side == .sell && sell.energyWh == 1100 && sell.limitPriceMilliWonPerKWh == 70_000)
        let buy = try #require(
            Order.fromMeteredNet(
                household: "102", intervalStart: 900, producedWh: 100, consumedWh: 400,
                preferences: TradingPreferences(tradingEnabled: false, preferredPartners: ["101"]),
                exportPriceMilliWonPerKWh: 70_000, marginalImportPriceMilliWonPerKWh: 210_000))
        #expect(buy.side == .buy && buy.energyWh == 300 && buy.limitPriceMilliWonPerKWh == 210_000)
        #expect(!buy.tradingEnabled && buy.preferredPartners == ["101"])
        let custom = try #require(
            Order.fromMeteredNet(
                household: "103", intervalStart: 900, producedWh: 0, consumedWh: 10,
                preferences: TradingPreferences(maxBuyPriceMilliWonPerKWh: 150_000),
                exportPriceMilliWonPerKWh: 70_000, marginalImportPriceMilliWonPerKWh: 210_000))
        #expect(custom.limitPriceMilliWonPerKWh == 150_000)
        #expect(
            Order.fromMeteredNet(
                household: "101", intervalStart: 900, producedWh: 5, consumedWh: 5,
                exportPriceMilliWonPerKWh: 1, marginalImportPriceMilliWonPerKWh: 2) == nil)
        let storage = try #require(
            Order.fromStoragePlan(
                intervalStart: 900, plannedNetDischargeWh: -4000,
                minSellPriceMilliWonPerKWh: 100_000, maxBuyPriceMilliWonPerKWh: 90_000))
        #expect(
            storage.participant == .storage && storage.side == .buy && storage.energyWh == 4000
                && storage.limitPriceMilliWonPerKWh == 90_000)
    }
}

extension OrderBookTests {
    @Test func jsonFormsAreReadable() throws {
        func text(_ value: some Encodable) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        #expect(try text([Participant.household("101"), .storage]) == #"["101","@storage"]"#)
        #expect(
            try text([Account.household("101"), .operator, .storage, .grid])
                == #"["household:101","operator","storage","grid"]"#)
        #expect(try text(Mechanism.default) == #"{"kPerMille":500,"name":"uniform-price"}"#)
        #expect(try text(Mechanism.supplyDemandRatio) == #"{"name":"sdr"}"#)
        #expect(
            try JSONDecoder().decode(Mechanism.self, from: Data(#"{"name":"uniform-price","kPerMille":250}"#.utf8))
                == .uniformPrice(kPerMille: 250))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Mechanism.self, from: Data(#"{"name":"auction"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Mechanism.self, from: Data(#"{"name":"uniform-price","kPerMille":1001}"#.utf8))
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Account.self, from: Data(#""bank""#.utf8)) }
    }
}
