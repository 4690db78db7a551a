import ArgumentParser
import DispatchControl
import EnergyDispatch
import Market
import MarketStore
import Site
import Tariffs
import VillageRuntime

/// How the market prices and clears, and how the plant is dispatched: shared by `village run` and
/// `village demo`, so the demo shows what the daemon does with the same words.
struct PlatformOptions: ParsableArguments {
    @Option(help: "Households' import tariff (their grid price, the market's ceiling), a name in --tariffs-dir.")
    var tariff = "kepco-residential-low-voltage"

    @Option(name: .customLong("export-tariff"), help: "Export price for surplus sold to the grid ('none': none).")
    var exportTariff = "smp-export"

    @Option(name: .customLong("plant-tariff"), help: "Tariff of the shared plant (battery and heat pumps) that dispatch plans against.")
    var plantTariff = "kepco-industrial-eul-high-voltage-a-option-1"

    @Option(help: "Market clearing mechanism: \(Mechanism.names.joined(separator: ", ")) (default: the site file's market.mechanism, else uniform-price).")
    var mechanism: String?

    @Option(help: "Dispatch strategy: \(StrategyName.allCases.map(\.rawValue).joined(separator: ", ")); 'off' leaves the plant to its own controllers. Default: the site file's dispatch.strategy (optimal).")
    var strategy: String?

    @Option(name: .customLong("tariffs-dir"), help: "Directory of tariff files.")
    var tariffsDirectory = "Tariffs"

    func validate() throws {
        if let mechanism, !Mechanism.names.contains(mechanism) {
            throw ValidationError("--mechanism: unknown '\(mechanism)'; known: \(Mechanism.names.joined(separator: ", "))")
        }
        if let strategy, strategy != "off", StrategyName(rawValue: strategy) == nil {
            throw ValidationError("--strategy: unknown '\(strategy)'; known: \(StrategyName.allCases.map(\.rawValue).joined(separator: ", ")), off")
        }
    }

    private var library: TariffLibrary { TariffLibrary(directory: tariffsDirectory) }

    /// The export price tariff, or nil with `--export-tariff none`.
    private func exportPrices() throws -> Tariff? {
        exportTariff == "none" ? nil : try library.tariff(named: exportTariff)
    }

    /// The site's market (preferences, the battery's part), with these options' tariffs and mechanism.
    func marketSettings(site: Site, siteFile: String) throws -> MarketSettings {
        try MarketSettings(site: site, siteFile: siteFile, mechanism: mechanism, importTariff: try library.tariff(named: tariff),
                           exportTariff: try exportPrices(), plantTariff: try library.tariff(named: plantTariff))
    }

    /// The controller's settings: the site file's `dispatch:` section, `--strategy` over its strategy;
    /// nil with `--strategy off`.
    func dispatchConfiguration(site: Site) throws -> DispatchControllerConfiguration? {
        guard strategy != "off" else { return nil }
        var configuration = try DispatchControllerConfiguration(
            settings: site.dispatch, tariff: try library.tariff(named: plantTariff), exportTariff: try exportPrices())
        if let strategy { configuration.strategy = try StrategyName(parsing: strategy) }
        return configuration
    }
}
