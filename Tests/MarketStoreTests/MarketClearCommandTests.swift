import Foundation
import Market
import MarketTestKit
import TestKit
import Testing

/// `village market clear`: the command prints what the library clears for the same book, and an
/// order file it refuses is named with the field at fault, with nothing printed as a result.
@Suite struct MarketClearCommandTests {
    /// The example order file of docs/market.md.
    static let exampleFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/examples/orders.json").path

    /// The part of the `--json` output that is the library's result.
    struct Cleared: Decodable {
        var mechanism: Mechanism
        var clearingPriceMilliWonPerKWh: Int64?
        var tradedWh: Int64
        var matches: [Match]
        var fills: [OrderFill]
        var residuals: [Residual]

        struct Residual: Decodable {
            var participant: Participant
            var side: OrderSide
            var matchedWh: Int64
            var gridWh: Int64
            var gridPriceMilliWonPerKWh: Int64
        }
    }

    /// An order file as an operator writes it: the book's orders as raw orders.
    static func orderFile(_ village: VillageFixture) throws -> Data {
        struct Prices: Encodable {
            var exportMilliWonPerKWh: Int64
            var importMilliWonPerKWh: Int64
            var householdImportMilliWonPerKWh: [String: Int64]
            var storageImportMilliWonPerKWh: Int64?
        }
        struct Document: Encodable {
            var prices: Prices
            var households: [String]
            var orders: [RawOrder]
        }
        let orders = village.orders.map { order in
            RawOrder(
                id: order.id, participant: order.participant.householdID ?? RawOrder.storageParticipant,
                side: order.side.rawValue, energyWh: Double(order.energyWh),
                limitPriceMilliWonPerKWh: Double(order.limitPriceMilliWonPerKWh),
                preferredPartners: order.preferredPartners, tradingEnabled: order.tradingEnabled)
        }
        let prices = Prices(
            exportMilliWonPerKWh: village.prices.exportMilliWonPerKWh,
            importMilliWonPerKWh: village.prices.importMilliWonPerKWh,
            householdImportMilliWonPerKWh: village.prices.householdImportMilliWonPerKWh,
            storageImportMilliWonPerKWh: village.prices.storageImportMilliWonPerKWh)
        return try JSONEncoder().encode(Document(prices: prices, households: village.households, orders: orders))
    }

    static func clear(_ path: String, _ mechanism: Mechanism) throws -> (CommandTests.Result, Cleared?) {
        var arguments = ["market", "clear", "--orders", path, "--mechanism", mechanism.name, "--json"]
        if case .uniformPrice(let k) = mechanism { arguments += ["--k", "\(Double(k) / 1000)"] }
        let result = try CommandTests.village(arguments)
        return (result, try? JSONDecoder().decode(Cleared.self, from: Data(result.output.utf8)))
    }

    static let mechanisms: [Mechanism] = [
        .default, .uniformPrice(kPerMille: 250), .payAsBid, .supplyDemandRatio, .midMarketRate,
    ]

    @Test(arguments: mechanisms)
    func randomBooksClearAsTheLibraryClearsThem(mechanism: Mechanism) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var rng = SeededGenerator(seed: 0xB00C + UInt64(Mechanism.names.firstIndex(of: mechanism.name) ?? 0))
        var tradedWh: Int64 = 0
        for round in 0..<6 {
            var village = VillageFixture.random(
                households: Int.random(in: 2...12, using: &rng), using: &rng, preferences: true)
            // Half the books price the shared battery at its own plant tariff, which may be under λs.
            if round % 2 == 1 {
                village.prices.storageImportMilliWonPerKWh = Int64.random(
                    in: 0...village.prices.importMilliWonPerKWh, using: &rng)
            }
            let path = directory.path("book-\(round).json")
            try Self.orderFile(village).write(to: URL(fileURLWithPath: path))
            let expected = try MarketClearing.clear(village.book(), mechanism: mechanism, prices: village.prices)
            let (result, cleared) = try Self.clear(path, mechanism)
            #expect(result.status == 0, "\(result.error)")
            let output = try #require(cleared)
            #expect(output.mechanism == expected.mechanism)
            #expect(output.matches == expected.matches)
            #expect(output.fills == expected.fills)
            #expect(output.clearingPriceMilliWonPerKWh == expected.clearingPriceMilliWonPerKWh)
            #expect(output.tradedWh == expected.tradedWh)
            // Residuals: every participant's grid energy, summed over its orders.
            for residual in output.residuals {
                let fills = expected.fills.filter { $0.participant == residual.participant && $0.side == residual.side }
                #expect(residual.gridWh == fills.reduce(0) { $0 + $1.gridWh })
                #expect(residual.matchedWh == fills.reduce(0) { $0 + $1.matchedWh })
                #expect(fills.allSatisfy { $0.gridPriceMilliWonPerKWh == residual.gridPriceMilliWonPerKWh })
            }
            #expect(output.residuals.reduce(0) { $0 + $1.gridWh } == expected.fills.reduce(0) { $0 + $1.gridWh })
            tradedWh += expected.tradedWh
        }
        // The books are not trivial: something trades.
        #expect(tradedWh > 0)
    }

    @Test func theDocumentedExampleClearsAsTheLibraryClearsIt() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.exampleFile))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let pricesJSON = try #require(json["prices"] as? [String: Any])
        let prices = GridPrices(
            exportMilliWonPerKWh: try #require((pricesJSON["exportMilliWonPerKWh"] as? NSNumber)?.int64Value),
            importMilliWonPerKWh: try #require((pricesJSON["importMilliWonPerKWh"] as? NSNumber)?.int64Value),
            householdImportMilliWonPerKWh: ((pricesJSON["householdImportMilliWonPerKWh"] as? [String: NSNumber]) ?? [:])
                .mapValues(\.int64Value),
            storageImportMilliWonPerKWh: (pricesJSON["storageImportMilliWonPerKWh"] as? NSNumber)?.int64Value)
        struct Orders: Decodable {
            var orders: [RawOrder]
            var households: [String]
        }
        let file = try JSONDecoder().decode(Orders.self, from: data)
        let book = try OrderBook(raw: file.orders, knownHouseholds: Set(file.households))
        let expected = try MarketClearing.clear(book, mechanism: .default, prices: prices)
        #expect(expected.tradedWh > 0)
        let (result, cleared) = try Self.clear(Self.exampleFile, .default)
        #expect(result.status == 0, "\(result.error)")
        #expect(cleared?.matches == expected.matches)
        #expect(cleared?.fills == expected.fills)
        #expect(cleared?.clearingPriceMilliWonPerKWh == expected.clearingPriceMilliWonPerKWh)

        let text = try CommandTests.village(["market", "clear", "--orders", Self.exampleFile])
        #expect(text.status == 0)
        let price = try #require(expected.clearingPriceMilliWonPerKWh)
        let tenths = (price + 50) / 100
        #expect(text.output.contains("Clearing price: \(tenths / 10).\(tenths % 10) ₩/kWh"))
        // Every trade shows its energy, the 40 Wh one exactly rather than as 0.0.
        let tradeTable = try #require(text.output.components(separatedBy: "With the grid").first)
        #expect(tradeTable.contains("0.040"))
        #expect(!tradeTable.contains(" 0.0 "))
        for match in expected.matches where match.energyWh >= 50 {
            #expect(tradeTable.contains(" \((match.energyWh + 50) / 1000).\((match.energyWh + 50) % 1000 / 100) "))
        }
    }

    /// One mutation of the example file and what the error must name.
    struct BadInput: CustomTestStringConvertible, Sendable {
        var name: String
        var mutate: @Sendable (inout [String: Any]) -> Void
        var expected: [String]
        var testDescription: String { name }
    }

    static func order(_ index: Int, _ key: String, _ value: Any?) -> @Sendable (inout [String: Any]) -> Void {
        nonisolated(unsafe) let value = value
        return { json in
            var orders = json["orders"] as? [[String: Any]] ?? []
            orders[index][key] = value
            json["orders"] = orders
        }
    }

    static func price(_ key: String, _ value: Any) -> @Sendable (inout [String: Any]) -> Void {
        nonisolated(unsafe) let value = value
        return { json in
            var prices = json["prices"] as? [String: Any] ?? [:]
            prices[key] = value
            json["prices"] = prices
        }
    }

    static let badInputs: [BadInput] = [
        BadInput(
            name: "unknown household", mutate: order(2, "participant", "999"),
            expected: ["orders[2].participant", "999"]),
        BadInput(
            name: "unknown preferred partner", mutate: order(3, "preferredPartners", ["777"]),
            expected: ["orders[3].preferredPartners", "777"]),
        BadInput(
            name: "negative quantity", mutate: order(3, "energyWh", -5), expected: ["orders[3].energyWh", "negative"]),
        BadInput(
            name: "negative price", mutate: order(1, "limitPriceMilliWonPerKWh", -1),
            expected: ["orders[1].limitPriceMilliWonPerKWh", "negative"]),
        BadInput(
            name: "NaN quantity", mutate: order(0, "energyWh", Double.nan), expected: ["orders[0].energyWh", "finite"]),
        BadInput(
            name: "NaN price", mutate: order(4, "limitPriceMilliWonPerKWh", Double.nan),
            expected: ["orders[4].limitPriceMilliWonPerKWh", "finite"]),
        BadInput(
            name: "fractional quantity", mutate: order(0, "energyWh", 1.5), expected: ["orders[0].energyWh", "whole"]),
        BadInput(
            name: "duplicate order id", mutate: order(4, "id", "101-sell"),
            expected: ["orders[4].id", "101-sell", "more than once"]),
        BadInput(name: "unknown side", mutate: order(2, "side", "hold"), expected: ["orders[2].side", "hold"]),
        BadInput(name: "missing field", mutate: order(2, "side", nil), expected: ["orders[2].side", "missing"]),
        BadInput(name: "wrong type", mutate: order(2, "energyWh", "lots"), expected: ["orders[2].energyWh", "number"]),
        BadInput(
            name: "negative grid price", mutate: price("exportMilliWonPerKWh", -1),
            expected: ["prices.exportMilliWonPerKWh", "negative"]),
        BadInput(
            name: "NaN grid price", mutate: price("importMilliWonPerKWh", Double.nan),
            expected: ["prices.importMilliWonPerKWh", "finite"]),
        BadInput(
            name: "negative storage price", mutate: price("storageImportMilliWonPerKWh", -3),
            expected: ["prices.storageImportMilliWonPerKWh", "negative"]),
        BadInput(
            name: "export above import", mutate: price("exportMilliWonPerKWh", 300_000),
            expected: ["prices.exportMilliWonPerKWh", "exceeds"]),
        BadInput(
            name: "household listed twice", mutate: { $0["households"] = ["101", "101"] },
            expected: ["households[1]", "twice"]),
    ]

    /// Writes `json` as Python would: bare `NaN` where a number is not finite.
    static func write(_ json: [String: Any], to path: String) throws {
        var text = String(decoding: try JSONSerialization.data(withJSONObject: Self.replacingNaN(json)), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"__NaN__\"", with: "NaN")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func replacingNaN(_ value: Any) -> Any {
        switch value {
        case let number as Double where number.isNaN: "__NaN__"
        case let object as [String: Any]: object.mapValues(replacingNaN)
        case let array as [Any]: array.map(replacingNaN)
        default: value
        }
    }

    @Test(arguments: badInputs)
    func badInputIsNamedAndNothingIsPrinted(_ input: BadInput) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.exampleFile)))
                as? [String: Any])
        input.mutate(&json)
        let path = directory.path("bad-\(input.name.replacingOccurrences(of: " ", with: "-")).json")
        try Self.write(json, to: path)
        for arguments in [["market", "clear", "--orders", path], ["market", "clear", "--orders", path, "--json"]] {
            let result = try CommandTests.village(arguments)
            #expect(result.status != 0)
            #expect(result.output.isEmpty, "\(result.output)")
            for fragment in [path] + input.expected {
                #expect(result.error.contains(fragment), "\(input.name): \(result.error)")
            }
        }
    }

    @Test func unreadableOrMalformedFilesAndUnknownMechanismsAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let broken = directory.path("broken.json")
        try Data("{\n  \"prices\": {\"exportMilliWonPerKWh\": 1,,\n}".utf8).write(to: URL(fileURLWithPath: broken))
        let noOrders = directory.path("no-orders.json")
        try Data(#"{"prices": {"exportMilliWonPerKWh": 1, "importMilliWonPerKWh": 2}}"#.utf8).write(
            to: URL(fileURLWithPath: noOrders))
        let cases: [([String], [String])] = [
            (["--orders", directory.path("missing.json")], ["missing.json", "no such file"]),
            (["--orders", directory.path("")], ["is a directory"]),
            (["--orders", broken], ["broken.json", "not valid JSON", "line 2"]),
            (["--orders", noOrders], ["no-orders.json", "orders", "missing"]),
            (
                ["--orders", Self.exampleFile, "--mechanism", "best"],
                [
                    "The value 'best' is invalid for '--mechanism <mechanism>'", "uniform-price", "pay-as-bid", "sdr",
                    "mmr",
                ]
            ),
            (["--orders", Self.exampleFile, "--k", "1.5"], ["--k", "1.5"]),
        ]
        for (arguments, expected) in cases {
            let result = try CommandTests.village(["market", "clear"] + arguments + ["--json"])
            #expect(result.status != 0, "\(arguments)")
            #expect(result.output.isEmpty, "\(arguments): \(result.output)")
            for fragment in expected { #expect(result.error.contains(fragment), "\(arguments): \(result.error)") }
        }
    }
}
