import ArgumentParser
import DeviceProfiles
import Foundation

/// `--meters`, shared by the commands that talk to devices or check a site against their profiles.
struct MetersOptions: ParsableArguments {
    @Option(help: "Directory of device profiles (or set VILLAGE_METERS).")
    var meters = ProcessInfo.processInfo.environment["VILLAGE_METERS"] ?? "Meters"

    func loadProfiles() throws -> ProfileLibrary {
        try ProfileLibrary(directory: URL(fileURLWithPath: meters))
    }
}
