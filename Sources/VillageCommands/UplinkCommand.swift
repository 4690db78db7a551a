import ArgumentParser

/// `village uplink …`: the village's link to the city backend.
struct UplinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uplink",
        abstract: "Send the village's data to the city backend (`village run --upstream` does it continuously).",
        subcommands: [UplinkPushCommand.self])
}
