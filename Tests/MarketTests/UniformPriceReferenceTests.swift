import Foundation
import MarketTestKit
import TestKit
import Testing

@testable import Market

/// The uniform-price auction against an independent Python implementation
/// (`Resources/kda_reference.py`, curve-based rather than a walk), on seeded random books.
struct UniformPriceReferenceTests {
    struct ReferenceOrder: Codable {
        var id: String
        var qty: Int64
        var price: Int64
    }
    struct ReferenceBook: Codable {
        var kPerMille: Int
        var bids: [ReferenceOrder]
        var asks: [ReferenceOrder]
    }
    struct ReferenceResult: Codable {
        var volume: Int64
        var price: Int64?
        var fills: [String: Int64]
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/kda_reference.py")

    static func runReference(_ books: [ReferenceBook]) throws -> [ReferenceResult] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let payload = try JSONEncoder().encode(books)
        // Write and read concurrently so neither pipe buffer can fill up and block.
        let writer = Thread {
            input.fileHandleForWriting.write(payload)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try JSONDecoder().decode([ReferenceResult].self, from: data)
    }

    static func randomID(_ index: Int, using rng: inout SeededGenerator) -> String {
        // Mixed lengths and cases so byte-wise id order matters in tie-breaks.
        let alphabet = Array("aZ09_-Bz")
        let suffix = String(
            (0..<Int.random(in: 0...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" })
        return "\(suffix)#\(index)"
    }

    @Test(arguments: [500, 0, 1000, 250, 777])
    func clearingAgreesWithTheReference(kPerMille: Int) throws {
        var rng = SeededGenerator(seed: 0x4EF0_0000 + UInt64(kPerMille))
        let prices = GridPrices(exportMilliWonPerKWh: 0, importMilliWonPerKWh: 1_000_000)
        var books: [OrderBook] = []
        var references: [ReferenceBook] = []
        for _ in 0..<150 {
            let count = Int.random(in: 0...120, using: &rng)
            // Few distinct prices, so ties and partly filled levels are common.
            let levels = (0..<Int.random(in: 1...12, using: &rng)).map { _ in
                Int64.random(in: 50_000...300_000, using: &rng)
            }
            var orders: [Order] = []
            var reference = ReferenceBook(kPerMille: kPerMille, bids: [], asks: [])
            for index in 0..<count {
                let id = Self.randomID(index, using: &rng)
                let side: OrderSide = Bool.random(using: &rng) ? .buy : .sell
                let quantity = Int.random(in: 0..<10, using: &rng) == 0 ? 0 : Int64.random(in: 1...5_000, using: &rng)
                let price = levels.randomElement(using: &rng) ?? 100_000
                orders.append(
                    Order(
                        id: id, participant: .household("h\(index)"), side: side, energyWh: quantity,
                        limitPriceMilliWonPerKWh: price))
                let entry = ReferenceOrder(id: id, qty: quantity, price: price)
                if side == .buy { reference.bids.append(entry) } else { reference.asks.append(entry) }
            }
            books.append(try OrderBook(orders, knownHouseholds: Set((0..<count).map { "h\($0)" })))
            references.append(reference)
        }
        let expected = try Self.runReference(references)
        try #require(expected.count == books.count)
        for (book, reference) in zip(books, expected) {
            let result = try MarketClearing.clear(book, mechanism: .uniformPrice(kPerMille: kPerMille), prices: prices)
            #expect(result.tradedWh == reference.volume)
            #expect(result.clearingPriceMilliWonPerKWh == reference.price)
            let fills = Dictionary(
                uniqueKeysWithValues: result.fills.filter { $0.matchedWh > 0 }.map { ($0.orderID, $0.matchedWh) })
            #expect(fills == reference.fills)
        }
    }
}
