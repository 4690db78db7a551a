import Market
import TestKit

/// Random but reproducible villages: households, prices, meter readings and the orders the
/// readings make.
public struct VillageFixture: Sendable {
    public var households: [String]
    public var prices: GridPrices
    public var readings: [MeterReading]
    public var orders: [Order]

    public init(households: [String], prices: GridPrices, readings: [MeterReading], orders: [Order]) {
        self.households = households
        self.prices = prices
        self.readings = readings
        self.orders = orders
    }

    public var knownHouseholds: Set<String> { Set(households) }

    public static func unitNumber(_ index: Int) -> String { "\(101 + (index / 8) * 100 + index % 8)" }

    /// - Parameters:
    ///   - tieredShare: probability that a household has its own (lower or higher) marginal import price.
    ///   - randomLimits: orders get random limits instead of the defaults.
    public static func random(
        households count: Int, using rng: inout SeededGenerator,
        tieredShare: Double = 0.3, randomLimits: Bool = true, storage: Bool = true,
        preferences: Bool = false, intervalStart: Int64 = 1_767_193_200
    ) -> VillageFixture {
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
            var preferencesValue = TradingPreferences()
            if randomLimits {
                if Bool.random(using: &rng) {
                    preferencesValue.minSellPriceMilliWonPerKWh = Int64.random(
                        in: 0...(importPrice + 50_000), using: &rng)
                }
                if Bool.random(using: &rng) {
                    preferencesValue.maxBuyPriceMilliWonPerKWh = Int64.random(
                        in: 0...(importPrice + 50_000), using: &rng)
                }
                preferencesValue.tradingEnabled = Int.random(in: 0..<10, using: &rng) > 0
            }
            if preferences, Int.random(in: 0..<3, using: &rng) == 0 {
                preferencesValue.preferredPartners = (0..<Int.random(in: 1...3, using: &rng)).compactMap { _ in
                    households.randomElement(using: &rng)
                }
            }
            if let order = Order.fromMeteredNet(
                household: id, intervalStart: intervalStart, producedWh: produced, consumedWh: consumed,
                preferences: preferencesValue, exportPriceMilliWonPerKWh: exportPrice,
                marginalImportPriceMilliWonPerKWh: prices.importPrice(for: .household(id)))
            {
                orders.append(order)
            }
        }
        if storage {
            let net = Int64.random(in: -20_000...20_000, using: &rng)
            readings.append(MeterReading(participant: .storage, producedWh: max(net, 0), consumedWh: max(-net, 0)))
            if let order = Order.fromStoragePlan(
                intervalStart: intervalStart, plannedNetDischargeWh: net,
                minSellPriceMilliWonPerKWh: Int64.random(in: exportPrice...importPrice, using: &rng),
                maxBuyPriceMilliWonPerKWh: Int64.random(in: exportPrice...importPrice, using: &rng))
            {
                orders.append(order)
            }
        }
        return VillageFixture(households: households, prices: prices, readings: readings, orders: orders)
    }

    public func book() throws -> OrderBook { try OrderBook(orders, knownHouseholds: knownHouseholds) }
}
