import ArgumentParser
import DispatchControl
import EnergyDispatch
import MarketStore
import Site
import Tariffs

/// How the market prices and clears, and how the plant is dispatched: shared by `village run` and
/// `village demo`, so the demo shows what the daemon does with the same words.
struct PlatformOptions: ParsableArguments {
    @OptionGroup var market: MarketOptions

    @Option(
        help:
            "Dispatch strategy; 'off' leaves the plant to its own controllers. Default: the site file's dispatch.strategy (optimal)."
    )
    var strategy: DispatchStrategyChoice?

    func marketSettings(site: Site, siteFile: String) throws -> MarketSettings {
        try market.marketSettings(site: site, siteFile: siteFile)
    }

    /// The controller's settings: the site file's `dispatch:` section, `--strategy` over its strategy;
    /// nil with `--strategy off`.
    func dispatchConfiguration(site: Site) throws -> DispatchControllerConfiguration? {
        guard strategy != .off else { return nil }
        var configuration = try DispatchControllerConfiguration(
            settings: site.dispatch, tariff: try market.library.tariff(named: market.plantTariff),
            exportTariff: try market.exportPrices())
        if case .strategy(let name)? = strategy { configuration.strategy = name }
        return configuration
    }
}
