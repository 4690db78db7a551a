import Market
import Tariffs
import VillageStore

/// How a site's market runs: the clearing mechanism, the tariffs that set the grid prices, and
/// each household's standing preferences (from the site file or the CLI).
public struct MarketSettings: Sendable {
    public var mechanism: Mechanism
    /// The import tariff; its marginal price for each household's month-to-date import is that
    /// household's maximum buy price, and its price at zero usage is the village reference λb.
    public var importTariff: Tariff
    /// Prices exports (λs) when the import tariff has none of its own (e.g. `smp-export`).
    public var exportTariff: Tariff?
    /// Households without an entry use the defaults (λs and their own λb).
    public var preferences: [String: TradingPreferences]
    /// The shared battery's participation; nil: it does not trade (its energy is then part of
    /// the operator's grid connection, outside the ledger).
    public var storage: StorageTrading?
    public var calendar: SiteCalendar
    /// The longest meter gap an estimated interval may span and still trade with neighbours. A
    /// participant whose interval was estimated across a longer outage (its energy is exact over
    /// the outage, but how it was spread over the intervals is assumed) settles that interval with
    /// the grid only: a neighbour is never paid for energy whose timing is a guess.
    public var maxTradedEstimateGapSeconds: Int64
    /// The price zone whose imported hourly SMP prices exports; nil: the export tariff alone.
    /// With a zone, an interval whose hour has an imported price exports at it, one the tariff
    /// prices exports at the tariff, and any other at a provisional price, trued up on import
    /// (see ``MeteredSettlement/exportPriceQuotes(from:to:)``).
    package var smpRegion: SMPRegion?

    public init(
        mechanism: Mechanism = .default, importTariff: Tariff, exportTariff: Tariff? = nil,
        preferences: [String: TradingPreferences] = [:], storage: StorageTrading? = nil,
        calendar: SiteCalendar = SiteCalendar(), maxTradedEstimateGapSeconds: Int64 = 3600
    ) {
        self.mechanism = mechanism
        self.importTariff = importTariff
        self.exportTariff = exportTariff
        self.preferences = preferences
        self.storage = storage
        self.calendar = calendar
        self.maxTradedEstimateGapSeconds = maxTradedEstimateGapSeconds
    }

    /// Whether an interval of this quality may trade with neighbours (otherwise: grid only).
    public func tradesPeerToPeer(_ quality: IntervalQuality) -> Bool {
        guard case .estimated(let gap) = quality else { return quality.rank > 0 }
        return gap <= maxTradedEstimateGapSeconds
    }
}
