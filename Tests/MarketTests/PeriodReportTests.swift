import Testing

@testable import Market

/// Balances and KPIs on small villages worked out by hand.
struct PeriodReportTests {
    static let site: Set<String> = ["101", "102"]
    static let prices = GridPrices(exportMilliWonPerKWh: 60_000, importMilliWonPerKWh: 200_000)

    static func settle(_ readings: [MeterReading], orders: [Order], interval: Int64, store: InMemoryLedgerStore) throws
    {
        let clearing = try MarketClearing.clear(OrderBook(orders, knownHouseholds: site), prices: prices)
        _ = try Settler(store: store).settle(
            IntervalSettlementInput(
                intervalStart: interval, clearing: clearing, prices: prices, meterReadings: readings))
    }

    @Test func noonSurplusSoldToNeighbourAndStorage() throws {
        // 101 exports 2000 Wh (min 60 won/kWh); 102 needs 1500 Wh (max 200); the storage charges
        // 500 Wh (max 100). Bids 200, 100 against the ask 60: all 2000 Wh trade, b_m = 100,
        // s_m = 60, p = 80 won/kWh.
        let store = InMemoryLedgerStore()
        try Self.settle(
            [
                MeterReading(participant: .household("101"), producedWh: 3000, consumedWh: 1000),
                MeterReading(participant: .household("102"), producedWh: 0, consumedWh: 1500),
                MeterReading(participant: .storage, producedWh: 0, consumedWh: 500),
            ],
            orders: [
                Order(
                    id: "s", participant: .household("101"), side: .sell, energyWh: 2000,
                    limitPriceMilliWonPerKWh: 60_000),
                Order(
                    id: "b", participant: .household("102"), side: .buy, energyWh: 1500,
                    limitPriceMilliWonPerKWh: 200_000),
                Order(id: "e", participant: .storage, side: .buy, energyWh: 500, limitPriceMilliWonPerKWh: 100_000),
            ],
            interval: 0, store: store)
        let report = PeriodReport(transactions: try store.allTransactions(), fromIntervalStart: 0, toIntervalStart: 900)
        let seller = report.summary(for: .household("101"))
        #expect(seller.soldToNeighboursWh == 2000 && seller.moneyInMilliWon == 160_000 && seller.gridExportWh == 0)
        #expect(seller.selfConsumedWh == 1000)
        #expect(seller.savingsMilliWon == 160_000 - 120_000)
        let buyer = report.summary(for: .household("102"))
        #expect(
            buyer.boughtFromNeighboursWh == 1500 && buyer.moneyOutMilliWon == 120_000
                && buyer.savingsMilliWon == 300_000 - 120_000)
        #expect(buyer.selfSufficiency == 1.0)
        #expect(report.summary(for: .storage).moneyOutMilliWon == 40_000)
        let community = report.community
        #expect(community.producedWh == 3000 && community.consumedWh == 2500 && community.energyTradedWh == 2000)
        #expect(community.selfConsumedWh == 2500 && community.selfSufficiency == 1.0)
        #expect(community.selfConsumption == 2500.0 / 3000.0)
        #expect(community.savingsMilliWon == 220_000)
    }

    @Test func drainedStorageDoesNotInflateSelfSufficiency() throws {
        // Evening: no PV; the storage discharges 1000 Wh to 102 at p = (200 + 100)/2 = 150 won/kWh,
        // 101 imports 400 Wh from the grid. Nothing the village produced in the period was
        // consumed, so self-sufficiency is 0 although only 400 of 1400 Wh came from the grid.
        let store = InMemoryLedgerStore()
        try Self.settle(
            [
                MeterReading(participant: .household("101"), producedWh: 0, consumedWh: 400),
                MeterReading(participant: .household("102"), producedWh: 0, consumedWh: 1000),
                MeterReading(participant: .storage, producedWh: 1000, consumedWh: 0),
            ],
            orders: [
                Order(
                    id: "a", participant: .household("101"), side: .buy, energyWh: 400, limitPriceMilliWonPerKWh: 90_000
                ),
                Order(
                    id: "b", participant: .household("102"), side: .buy, energyWh: 1000,
                    limitPriceMilliWonPerKWh: 200_000),
                Order(id: "e", participant: .storage, side: .sell, energyWh: 1000, limitPriceMilliWonPerKWh: 100_000),
            ],
            interval: 900, store: store)
        let report = PeriodReport(
            transactions: try store.allTransactions(), fromIntervalStart: 900, toIntervalStart: 1800)
        #expect(report.summary(for: .household("102")).moneyOutMilliWon == 150_000)
        #expect(report.summary(for: .household("101")).gridImportWh == 400)
        #expect(report.community.gridImportWh == 400)
        #expect(report.community.selfConsumedWh == 0 && report.community.selfSufficiency == 0)
        #expect(report.community.selfConsumption == nil)
        // The period filter excludes intervals outside [from, to).
        #expect(
            PeriodReport(transactions: try store.allTransactions(), fromIntervalStart: 0, toIntervalStart: 900)
                .participants.isEmpty)
    }
}

extension PeriodReportTests {
    /// The single-household path agrees with the whole-village report on random ledgers.
    @Test func householdSummaryAgreesWithTheReport() throws {
        let transactions = try LedgerTamperTests.ledger(seed: 0x7E9A_0001)
        let from = SettlementPropertyTests.interval
        let to = from + 6 * 900
        let report = PeriodReport(transactions: transactions, fromIntervalStart: from, toIntervalStart: to)
        #expect(!report.participants.isEmpty)
        for summary in report.participants {
            #expect(
                ParticipantSummary(
                    participant: summary.participant, transactions: transactions,
                    fromIntervalStart: from, toIntervalStart: to) == summary)
        }
    }
}
