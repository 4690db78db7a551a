// Benchmarks for the market core: clearing a large book, one village interval, a year in memory.
// Run from Benchmarks/: `swift run -c release market-bench [clear|interval|year]`.
import Market
import VillageCore

let clock = ContinuousClock()
/// Optional argument: run only `clear`, `interval` or `year`.
let only = CommandLine.arguments.dropFirst().first
func selected(_ name: String) -> Bool { only == nil || only == name }

func median(_ samples: [Duration]) -> Duration { samples.sorted()[samples.count / 2] }

func milliseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
    return value < 1 ? "\(Double(Int(value * 1000)) / 1000) ms" : "\(Double(Int(value * 10)) / 10) ms"
}

func measure(_ label: String, runs: Int, _ body: () throws -> Void) rethrows {
    var samples: [Duration] = []
    for _ in 0..<runs { samples.append(try clock.measure { try body() }) }
    print("\(label): median \(milliseconds(median(samples))) over \(runs) runs")
}

let prices = GridPrices(exportMilliWonPerKWh: 70_000, importMilliWonPerKWh: 210_000)
let households = (0..<56).map { "\(101 + ($0 / 8) * 100 + $0 % 8)" }
let site = Set(households)

// 1. One book of one million orders from the 56 households, ids unique.
if selected("clear") {
    var rng = SeededGenerator(seed: 1)
    var orders: [Order] = []
    orders.reserveCapacity(1_000_000)
    for index in 0..<1_000_000 {
        let side: OrderSide = index % 2 == 0 ? .buy : .sell
        orders.append(
            Order(
                id: "o\(index)", participant: .household(households[index % 56]), side: side,
                energyWh: Int64.random(in: 1...5_000, using: &rng),
                limitPriceMilliWonPerKWh: Int64.random(in: 700...2_100, using: &rng) * 100))
    }
    var book: OrderBook?
    try measure("validate 1,000,000 orders", runs: 3) { book = try OrderBook(orders, knownHouseholds: site) }
    guard let book else { fatalError("no book") }
    for mechanism in [Mechanism.default, .payAsBid, .supplyDemandRatio, .midMarketRate] {
        var traded: Int64 = 0
        try measure("clear 1,000,000 orders, \(mechanism)", runs: 5) {
            traded = try MarketClearing.clear(book, mechanism: mechanism, prices: prices).tradedWh
        }
        print("  traded \(traded) Wh")
    }
}

/// One interval of the village: meter readings, the orders they make, the storage's order.
func villageInterval(_ interval: Int64, rng: inout SeededGenerator) -> (readings: [MeterReading], orders: [Order]) {
    let hourOfDay = (interval / 3600 + 9) % 24
    let sun = hourOfDay >= 7 && hourOfDay < 18
    var readings: [MeterReading] = []
    var orders: [Order] = []
    readings.reserveCapacity(57)
    orders.reserveCapacity(57)
    for id in households {
        let produced = sun ? Int64.random(in: 0...3_000, using: &rng) : 0
        let consumed = Int64.random(in: 100...1_500, using: &rng)
        readings.append(MeterReading(participant: .household(id), producedWh: produced, consumedWh: consumed))
        if let order = Order.fromMeteredNet(
            household: id, intervalStart: interval, producedWh: produced, consumedWh: consumed,
            exportPriceMilliWonPerKWh: prices.exportMilliWonPerKWh,
            marginalImportPriceMilliWonPerKWh: prices.importMilliWonPerKWh)
        {
            orders.append(order)
        }
    }
    let storageNet: Int64 = sun ? -Int64.random(in: 0...20_000, using: &rng) : Int64.random(in: 0...20_000, using: &rng)
    readings.append(
        MeterReading(participant: .storage, producedWh: max(storageNet, 0), consumedWh: max(-storageNet, 0)))
    if let order = Order.fromStoragePlan(
        intervalStart: interval, plannedNetDischargeWh: storageNet,
        minSellPriceMilliWonPerKWh: 120_000, maxBuyPriceMilliWonPerKWh: 110_000)
    {
        orders.append(order)
    }
    return (readings, orders)
}

func settleInterval(_ interval: Int64, settler: Settler<InMemoryLedgerStore>, rng: inout SeededGenerator) throws {
    let (readings, orders) = villageInterval(interval, rng: &rng)
    let book = try OrderBook(orders, knownHouseholds: site)
    let clearing = try MarketClearing.clear(book, prices: prices)
    _ = try settler.settle(
        IntervalSettlementInput(intervalStart: interval, clearing: clearing, prices: prices, meterReadings: readings))
}

let start: Int64 = 1_767_193_200  // 2026-01-01 00:00 Asia/Seoul

// 2. One village interval: validate, clear and settle (with hashing and append) 56 households.
if selected("interval") {
    var rng = SeededGenerator(seed: 2)
    let settler = Settler(store: InMemoryLedgerStore())
    var samples: [Duration] = []
    for number in 0..<2_000 {
        let interval = start + Int64(number) * TimeGrid.quarterHourSeconds
        samples.append(try clock.measure { try settleInterval(interval, settler: settler, rng: &rng) })
    }
    print(
        "settle one interval (56 households + storage: orders, clearing, settlement, hash, append): median \(milliseconds(median(samples))) over 2000 intervals"
    )
}

// 3. A year of the village, in memory, then verify and a household's yearly balance.
if selected("year") {
    var rng = SeededGenerator(seed: 3)
    let store = InMemoryLedgerStore()
    let settler = Settler(store: store)
    let year = try clock.measure {
        for number in 0..<35_040 {
            try settleInterval(start + Int64(number) * TimeGrid.quarterHourSeconds, settler: settler, rng: &rng)
        }
    }
    print("settle a year (35,040 intervals × 56 households): \(milliseconds(year))")
    let transactions = try store.allTransactions()
    var report: LedgerVerificationReport?
    let verify = clock.measure { report = LedgerVerifier.verify(transactions) }
    print(
        "verify the year's ledger (\(transactions.count) transactions, intact: \(report?.isIntact == true)): \(milliseconds(verify))"
    )
    var summary: ParticipantSummary?
    let balance = clock.measure {
        summary = PeriodReport(
            transactions: transactions, fromIntervalStart: start,
            toIntervalStart: start + 35_040 * TimeGrid.quarterHourSeconds
        )
        .summary(for: .household("101"))
    }
    print("period report over the year (all participants, from memory): \(milliseconds(balance))")
    var single: ParticipantSummary?
    let one = clock.measure {
        single = ParticipantSummary(
            participant: .household("101"), transactions: transactions,
            fromIntervalStart: start, toIntervalStart: start + 35_040 * TimeGrid.quarterHourSeconds)
    }
    print(
        "one household's balance over the year (from memory): \(milliseconds(one)); same as the report: \(single == summary)"
    )
}
