import ArgumentParser
import Market
import MarketStore
import Site
import Tariffs
import VillageRuntime

/// The tariffs and mechanism a market runs with: shared by `village run`, `village demo` (through
/// ``PlatformOptions``) and `village market settle`, so each prices the same interval the same way.
struct MarketOptions: ParsableArguments {
    @Option(help: "Households' import tariff (their grid price, the market's ceiling), a name in --tariffs-dir.")
    var tariff = "kepco-residential-low-voltage"

    @Option(name: .customLong("export-tariff"), help: "Export price for surplus sold to the grid ('none': none).")
    var exportTariff = "smp-export"

    @Option(
        name: .customLong("plant-tariff"),
        help:
            "Tariff of the shared plant (battery and heat pumps): the battery's grid price, and what dispatch plans against."
    )
    var plantTariff = "kepco-industrial-eul-high-voltage-a-option-1"

    @Option(
        name: .customLong("smp-region"),
        help: """
            Price exports at this region's hourly SMP imported with `village prices import-smp`; hours \
            without one take the export tariff's price, else a provisional price that is trued up on import \
            ('none': the export tariff alone).
            """)
    var smpRegion = SMPFeedChoice.mainland

    @Option(help: "Market clearing mechanism (default: the site file's market.mechanism, else uniform-price).")
    var mechanism: Mechanism?

    @OptionGroup var tariffs: TariffsDirectoryOptions

    var library: TariffLibrary { tariffs.library }

    /// The export price tariff, or nil with `--export-tariff none`.
    func exportPrices() throws -> Tariff? {
        exportTariff == "none" ? nil : try library.tariff(named: exportTariff)
    }

    /// The site's market (preferences, the battery's part), with these options' tariffs and mechanism.
    func marketSettings(site: Site, siteFile: String) throws -> MarketSettings {
        var settings = try MarketSettings(
            site: site, siteFile: siteFile, mechanism: mechanism?.name, importTariff: try library.tariff(named: tariff),
            exportTariff: try exportPrices(), plantTariff: try library.tariff(named: plantTariff))
        settings.smpRegion = smpRegion.region
        return settings
    }
}
