import ArgumentParser

/// The `village` command: one entry point for households, facility managers and researchers.
///
/// A library type, so that tests parse and run it in-process; the `village` executable only calls
/// ``main()``.
package struct Village: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "village",
        abstract: "Smart village energy platform: metering, dispatch and a peer-to-peer solar market.",
        subcommands: [
            ReadCommand.self,
            CollectCommand.self,
            DevicesCommand.self,
            RunCommand.self,
            DemoCommand.self,
            StatusCommand.self,
            TariffCommand.self,
            DispatchCommand.self,
            ExportCommand.self,
            BalanceCommand.self,
            BillCommand.self,
            TradesCommand.self,
            LedgerCommand.self,
            KeysCommand.self,
            MarketCommand.self,
            PricesCommand.self,
            ServeCommand.self,
            BackendCommand.self,
            AccountsCommand.self,
            LoginCommand.self,
            LogoutCommand.self,
            UplinkCommand.self,
        ]
    )

    package init() {}
}
