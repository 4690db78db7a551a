import ArgumentParser

/// `village ledger …`: checks on the market's ledger.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The market's ledger as a transparency log: verify it, sign checkpoints, issue and check receipts.",
        subcommands: [
            LedgerVerifyCommand.self, LedgerCheckpointCommand.self, LedgerReceiptCommand.self,
            LedgerVerifyReceiptCommand.self, LedgerRebuildTotalsCommand.self,
        ])
}
