import Market
import MarketStore
import Site
import Tariffs

extension MarketSettings {
    /// The market a site file describes: its mechanism (unless the command line names another),
    /// each household's standing preferences, and the shared battery as the operator's trader with
    /// its grid residual priced at the plant tariff, charged first by the shared PV arrays.
    ///
    /// - Throws: ``SiteError`` naming the site file and `market.mechanism` for a mechanism the
    ///   market does not know.
    package init(
        site: Site, siteFile: String, mechanism: String? = nil, importTariff: Tariff, exportTariff: Tariff?,
        plantTariff: Tariff?
    ) throws(SiteError) {
        let name = mechanism ?? site.market.mechanism
        let parsed: Mechanism
        do {
            parsed = try Mechanism(name: name)
        } catch {
            throw SiteError(
                code: .invalidValue, file: mechanism == nil ? siteFile : "--mechanism",
                field: mechanism == nil ? "market.mechanism" : "",
                message: "unknown mechanism '\(name)'; known: \(Mechanism.names.joined(separator: ", "))")
        }
        var preferences: [String: TradingPreferences] = [:]
        for household in site.households where household.trading != HouseholdTrading() {
            let trading = household.trading
            preferences[household.unit] = TradingPreferences(
                minSellPriceMilliWonPerKWh: trading.minSellPriceWonPerKWh.map(Self.milliWon),
                maxBuyPriceMilliWonPerKWh: trading.maxBuyPriceWonPerKWh.map(Self.milliWon),
                tradingEnabled: trading.enabled, preferredPartners: trading.preferredPartners)
        }
        let storage =
            site.market.storageTrades
            ? StorageTrading(
                device: site.ess.device, importTariff: plantTariff,
                minSellPriceMilliWonPerKWh: site.market.storageMinSellPriceWonPerKWh.map(Self.milliWon),
                maxBuyPriceMilliWonPerKWh: site.market.storageMaxBuyPriceWonPerKWh.map(Self.milliWon),
                sharedPVDevices: site.sharedPV.map(\.inverter))
            : nil
        self.init(
            mechanism: parsed, importTariff: importTariff, exportTariff: exportTariff,
            preferences: preferences, storage: storage,
            maxTradedEstimateGapSeconds: Int64(site.market.maxTradedEstimateGapMinutes) * 60)
    }

    /// Won per kWh as a site file states it, in the ledger's milli-won.
    static func milliWon(_ wonPerKWh: Double) -> Int64 { Int64((wonPerKWh * 1000).rounded()) }
}
