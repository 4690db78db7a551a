import ArgumentParser
import Tariffs

/// `--tariffs-dir`, shared by every command that prices energy with named tariffs.
struct TariffsDirectoryOptions: ParsableArguments {
    @Option(name: .customLong("tariffs-dir"), help: "Directory of tariff files.")
    var tariffsDirectory = "Tariffs"

    var library: TariffLibrary { TariffLibrary(directory: tariffsDirectory) }
}
