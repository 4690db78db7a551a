import ArgumentParser

/// `village tariff …`: look at tariffs, price an instant, bill a month, import URDB records.
struct TariffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tariff",
        abstract: "Tariffs from Tariffs/: list, show, price at an instant, monthly bills, URDB import.",
        subcommands: [
            TariffListCommand.self, TariffShowCommand.self, TariffPriceCommand.self, TariffBillCommand.self,
            TariffImportURDBCommand.self,
        ]
    )
}
