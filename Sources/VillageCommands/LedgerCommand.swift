import ArgumentParser

/// `village ledger …`: checks on the market's ledger.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "The market's hash-chained ledger: verify it.",
        subcommands: [LedgerVerifyCommand.self])
}
