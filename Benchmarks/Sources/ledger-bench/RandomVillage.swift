import Market
import VillageCore

// Random but reproducible village intervals to settle: the same draws as the villages of the market
// property tests (households with tiered prices and random limits, no storage), so the ledger holds
// what the tests settle, without depending on test code.

/// One interval of a random village: households, prices, meter readings and the orders the readings make.
struct RandomVillage {
    var households: [String]
    var prices: GridPrices
    var readings: [MeterReading]
    var orders: [Order]

    /// The unit number of household `index`: eight units a floor, from 101.
    static func unitNumber(_ index: Int) -> String { "\(101 + (index / 8) * 100 + index % 8)" }

    /// - Parameter tieredShare: probability that a household has its own (lower or higher) marginal import price.
    static func random(
        households count: Int, using rng: inout SeededGenerator, tieredShare: Double = 0.3, intervalStart: Int64
    ) -> RandomVillage {
        let households = (0..<count).map(unitNumber)
        let exportPrice = Int64.random(in: 50_000...120_000, using: &rng)
        let importPrice = exportPrice + Int64.random(in: 1...250_000, using: &rng)
        var tiers: [String: Int64] = [:]
        for id in households where Double.random(in: 0..<1, using: &rng) < tieredShare {
            tiers[id] = Int64.random(in: exportPrice...(importPrice + 150_000), using: &rng)
        }
        let prices = GridPrices(
            exportMilliWonPerKWh: exportPrice, importMilliWonPerKWh: importPrice,
            householdImportMilliWonPerKWh: tiers)
        var readings: [MeterReading] = []
        var orders: [Order] = []
        for id in households {
            let produced = Bool.random(using: &rng) ? Int64.random(in: 0...3_000, using: &rng) : 0
            let consumed = Int64.random(in: 0...2_500, using: &rng)
            readings.append(MeterReading(participant: .household(id), producedWh: produced, consumedWh: consumed))
            var preferences = TradingPreferences()
            if Bool.random(using: &rng) {
                preferences.minSellPriceMilliWonPerKWh = Int64.random(in: 0...(importPrice + 50_000), using: &rng)
            }
            if Bool.random(using: &rng) {
                preferences.maxBuyPriceMilliWonPerKWh = Int64.random(in: 0...(importPrice + 50_000), using: &rng)
            }
            preferences.tradingEnabled = Int.random(in: 0..<10, using: &rng) > 0
            if let order = Order.fromMeteredNet(
                household: id, intervalStart: intervalStart, producedWh: produced, consumedWh: consumed,
                preferences: preferences, exportPriceMilliWonPerKWh: exportPrice,
                marginalImportPriceMilliWonPerKWh: prices.importPrice(for: .household(id)))
            {
                orders.append(order)
            }
        }
        return RandomVillage(households: households, prices: prices, readings: readings, orders: orders)
    }

    func book() throws -> OrderBook { try OrderBook(orders, knownHouseholds: Set(households)) }
}
