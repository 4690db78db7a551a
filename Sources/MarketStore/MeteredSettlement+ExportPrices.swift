import Tariffs
import VillageCore
import VillageStore

extension MeteredSettlement {
    /// The export price of every interval starting in [from, to) when the market follows a
    /// region's SMP (empty otherwise, and the export tariff prices every interval as before).
    ///
    /// The rule, in order:
    /// 1. the SMP imported for the interval's hour (its newest revision): official;
    /// 2. else the export tariff's price at the interval, where it has one: official;
    /// 3. else, provisional, the last SMP published for the same hour of the day on an earlier day
    ///    (at most a year back);
    /// 4. else, provisional, the export tariff's last price before the interval (the shipped
    ///    series' last month).
    ///
    /// An interval settled at a provisional price is trued up when its hour's SMP is imported
    /// (``trueUpPrices()``): settlement never waits for a price.
    package func exportPriceQuotes(from: Int64, to: Int64) async throws -> [Int64: ExportPriceQuote] {
        guard let region = settings.smpRegion, from < to else { return [:] }
        let hour = TimeGrid.hourSeconds
        let official = try await store.currentPrices(
            region: region, from: floorDivide(from, hour) * hour, to: floorDivide(to + hour - 1, hour) * hour)
        let tariff = settings.exportTariff ?? settings.importTariff
        var quotes: [Int64: ExportPriceQuote] = [:]
        var lastByHourOfDay: [Int64: HourlyPrice]?
        var start = from
        while start < to {
            defer { start += Self.intervalSeconds }
            let hourStart = floorDivide(start, hour) * hour
            if let price = official[hourStart] {
                quotes[start] = ExportPriceQuote(priceMilliWonPerKWh: price, provisional: nil)
                continue
            }
            if let price = try tariff.price(at: start).exportPriceMilliPerKWh {
                quotes[start] = ExportPriceQuote(priceMilliWonPerKWh: price, provisional: nil)
                continue
            }
            if lastByHourOfDay == nil {
                lastByHourOfDay = try await store.lastPublishedByHourOfDay(region: region, before: from)
            }
            let slot = floorDivide(hourStart, 1) % TimeGrid.daySeconds
            let provisional: ProvisionalPrice
            if let basis = lastByHourOfDay?[(slot + TimeGrid.daySeconds) % TimeGrid.daySeconds] {
                provisional = ProvisionalPrice(
                    intervalStart: start, region: region, exportPriceMilliWonPerKWh: basis.priceMilliWonPerKWh,
                    rule: .sameHourLastPublished, basisHourStart: basis.hourStart)
            } else if let price = tariff.latestExportPrice(before: start) {
                provisional = ProvisionalPrice(
                    intervalStart: start, region: region, exportPriceMilliWonPerKWh: price, rule: .tariffLastPrice)
            } else {
                // Neither a published price nor a tariff price: the interval waits, as without a feed.
                continue
            }
            quotes[start] = ExportPriceQuote(
                priceMilliWonPerKWh: provisional.exportPriceMilliWonPerKWh, provisional: provisional)
        }
        return quotes
    }
}
