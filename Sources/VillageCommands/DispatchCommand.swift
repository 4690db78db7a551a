import ArgumentParser

/// `village dispatch …`: the scheduler's strategies, compared on the same data.
struct DispatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Battery and heat-pump dispatch: compare strategies on a synthetic village week.",
        subcommands: [
            DispatchCompareCommand.self, DispatchSimulateCommand.self, DispatchPlanCommand.self,
            DispatchSettingsCommand.self,
        ]
    )
}
