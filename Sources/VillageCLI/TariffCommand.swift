import ArgumentParser

/// `village tariff …`: look at tariffs, price an instant, bill a month, import URDB records.
struct TariffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tariff",
        abstract: "Tariffs from Tariffs/: list, show, price at an instant, monthly bills, URDB import.",
        subcommands: [TariffList.self, TariffShow.self, TariffPrice.self, TariffBill.self, TariffImportURDB.self]
    )
}

/// Flags every tariff subcommand shares.
struct TariffOptions: ParsableArguments {
    @Option(name: .customLong("tariffs-dir"), help: "Directory of tariff files.")
    var tariffsDirectory = "Tariffs"

    @Flag(help: "Print JSON instead of text.")
    var json = false
}
