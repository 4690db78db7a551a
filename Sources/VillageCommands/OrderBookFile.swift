import Foundation
import Market

/// An order book as an operator writes it for `village market clear`: the grid prices of the
/// interval, the site's households and the orders, in JSON.
///
/// ```json
/// { "prices": { "exportMilliWonPerKWh": 90000, "importMilliWonPerKWh": 210000,
///               "householdImportMilliWonPerKWh": { "102": 280000 }, "storageImportMilliWonPerKWh": 150000 },
///   "households": ["101", "102", "103"],
///   "orders": [ { "id": "a", "participant": "101", "side": "sell", "energyWh": 1200,
///                 "limitPriceMilliWonPerKWh": 95000 } ] }
/// ```
///
/// Numbers are read as JSON numbers (Python's bare `NaN` and `Infinity` included) so that a
/// negative, fractional or non-finite price or quantity is reported by its field rather than as
/// a syntax error. Every check happens in ``load(path:)``: a book that loads is valid.
struct OrderBookFile {
    let path: String
    let book: OrderBook
    let prices: GridPrices
    /// The orders as written, in file order (their index is the JSON path of an error).
    let rawOrders: [RawOrder]

    /// The JSON document; prices stay `Double` until checked, like ``RawOrder``'s numbers.
    struct Document: Decodable {
        struct Prices: Decodable {
            var exportMilliWonPerKWh: Double
            var importMilliWonPerKWh: Double
            var householdImportMilliWonPerKWh: [String: Double]?
            var storageImportMilliWonPerKWh: Double?
        }

        var prices: Prices
        var households: [String]?
        var orders: [RawOrder]
    }

    /// Reads, decodes and validates the file; throws ``OrderBookFileError`` naming the file and
    /// the JSON path of the first problem.
    static func load(path: String) throws(OrderBookFileError) -> OrderBookFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw OrderBookFileError(.unreadable, file: path, field: nil, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw OrderBookFileError(.unreadable, file: path, field: nil, message: "is a directory, not an order file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OrderBookFileError(.unreadable, file: path, field: nil, message: "cannot be read (permissions?)")
        }
        let document: Document
        do {
            let decoder = JSONDecoder()
            decoder.allowsJSON5 = true
            document = try decoder.decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw OrderBookFileError.decoding(error, file: path, data: data)
        } catch {
            throw OrderBookFileError(.malformed, file: path, field: nil, message: "not JSON: \(error)")
        }
        return try validate(document, path: path)
    }

    static func validate(_ document: Document, path: String) throws(OrderBookFileError) -> OrderBookFile {
        let prices = try gridPrices(document.prices, path: path)
        let households: Set<String>
        if let listed = document.households {
            var seen: Set<String> = []
            for (index, id) in listed.enumerated() {
                guard !id.isEmpty, id != RawOrder.storageParticipant else {
                    throw OrderBookFileError(
                        .invalidHousehold, file: path, field: "households[\(index)]",
                        message: "\"\(id)\" is not a household id")
                }
                guard seen.insert(id).inserted else {
                    throw OrderBookFileError(
                        .invalidHousehold, file: path, field: "households[\(index)]",
                        message: "household \"\(id)\" is listed twice")
                }
            }
            households = seen
        } else {
            // Every household the orders name, as participant or as preferred partner.
            households = Set(document.orders.flatMap { [$0.participant] + ($0.preferredPartners ?? []) })
                .subtracting([RawOrder.storageParticipant])
        }
        for id in prices.householdImportMilliWonPerKWh.keys.sorted() where !households.contains(id) {
            throw OrderBookFileError(
                .market(.unknownHousehold), file: path, field: "prices.householdImportMilliWonPerKWh.\(id)",
                message: "household \"\(id)\" is not among the households")
        }
        let book: OrderBook
        do {
            book = try OrderBook(raw: document.orders, knownHouseholds: households)
        } catch {
            throw OrderBookFileError(error, file: path, orders: document.orders)
        }
        return OrderBookFile(path: path, book: book, prices: prices, rawOrders: document.orders)
    }

    /// Whole, finite, non-negative milli-won, then the library's own price checks.
    static func gridPrices(_ raw: Document.Prices, path: String) throws(OrderBookFileError) -> GridPrices {
        func whole(_ value: Double, _ field: String) throws(OrderBookFileError) -> Int64 {
            do {
                return try wholePrice(value, field: field)
            } catch {
                throw OrderBookFileError(error, file: path, orders: [])
            }
        }
        var household: [String: Int64] = [:]
        for (id, price) in (raw.householdImportMilliWonPerKWh ?? [:]).sorted(by: { $0.key < $1.key }) {
            household[id] = try whole(price, "prices.householdImportMilliWonPerKWh.\(id)")
        }
        var storage: Int64?
        if let price = raw.storageImportMilliWonPerKWh {
            storage = try whole(price, "prices.storageImportMilliWonPerKWh")
        }
        let prices = GridPrices(
            exportMilliWonPerKWh: try whole(raw.exportMilliWonPerKWh, "prices.exportMilliWonPerKWh"),
            importMilliWonPerKWh: try whole(raw.importMilliWonPerKWh, "prices.importMilliWonPerKWh"),
            householdImportMilliWonPerKWh: household, storageImportMilliWonPerKWh: storage)
        do {
            try prices.validate()
        } catch {
            throw OrderBookFileError(error, file: path, orders: [])
        }
        return prices
    }

    /// The number checks of an order's price (``OrderBook/init(raw:knownHouseholds:limits:)``), for a grid price.
    static func wholePrice(_ value: Double, field: String) throws(MarketError) -> Int64 {
        let limit = OrderLimits.default.maxPriceMilliWonPerKWh
        guard value.isFinite else {
            throw MarketError(.notFinite, field: field, message: "\(value) is not a finite number")
        }
        guard value >= 0 else { throw MarketError(.negative, field: field, message: "\(value) is negative") }
        guard value <= Double(limit) else {
            throw MarketError(.tooLarge, field: field, message: "\(value) exceeds the limit \(limit)")
        }
        guard value.rounded(.towardZero) == value else {
            throw MarketError(.notWhole, field: field, message: "\(value) is not a whole number of milli-won per kWh")
        }
        return Int64(value)
    }
}
