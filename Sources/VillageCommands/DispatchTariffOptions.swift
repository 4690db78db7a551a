import ArgumentParser
import Tariffs

/// The tariffs a plan of the shared plant is priced with: shared by `dispatch simulate` and
/// `dispatch plan`, so both cost a plan the same way.
struct DispatchTariffOptions: ParsableArguments {
    @Option(help: "Import tariff of the shared plant, a name in --tariffs-dir.")
    var tariff = "kepco-industrial-eul-high-voltage-a-option-1"

    @Option(
        name: .customLong("export-tariff"),
        help: "Tariff pricing exports where the import tariff pays nothing ('none': no export revenue).")
    var exportTariff = "smp-export"

    @OptionGroup var tariffs: TariffsDirectoryOptions

    func importTariff() throws -> Tariff {
        try tariffs.library.tariff(named: tariff)
    }

    /// The export price tariff, or nil with `--export-tariff none`.
    func exportPrices() throws -> Tariff? {
        exportTariff == "none" ? nil : try tariffs.library.tariff(named: exportTariff)
    }
}
