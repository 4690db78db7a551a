import ArgumentParser

/// `village market …`: operator tools for the peer-to-peer market.
struct MarketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market",
        abstract: "Operator tools for the peer-to-peer market: settle metered intervals, clear an order book.",
        subcommands: [MarketSettleCommand.self, MarketClearCommand.self])
}
