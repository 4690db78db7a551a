import ArgumentParser

/// `village prices …`: the power exchange's published prices kept in the village database.
struct PricesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prices",
        abstract: "Import and list the hourly system marginal price (SMP) the market's exports are paid at.",
        discussion: """
            The Korea Power Exchange publishes the SMP per trading day and hour, for the mainland and for \
            Jeju. Imported prices are kept with their file and import time; a changed value is kept as a \
            revision beside the earlier one. `village run` settles an hour without a published price at a \
            provisional price and trues it up once the price is imported.
            """,
        subcommands: [PricesImportSMPCommand.self, PricesListCommand.self])
}
