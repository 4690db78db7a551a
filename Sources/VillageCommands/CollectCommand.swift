import ArgumentParser
import DeviceProfiles
import Foundation
import Logging
import Metering
import ServiceLifecycle
import Site
import UnixSignals
import VillageCore
import VillageStore

/// `village collect`: polls every device of a site into the database.
struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Poll every meter and inverter of a site into the database.",
        discussion: """
            Runs until stopped (Ctrl-C), polling each device at its interval and recording raw \
            readings, 15-minute interval energies with quality flags, events and device health. \
            With --once, polls every device once and exits; the exit status is 0 when all answered.
            """
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Poll every device once, print a summary and exit.")
    var once = false

    @Option(help: "Seconds between polls of a device.")
    var poll: Int64 = 60

    @Option(help: "Response timeout per request, milliseconds.")
    var timeout = 1000

    @OptionGroup var meters: MetersOptions

    @Flag(help: "Print the --once summary as JSON.")
    var json = false

    func validate() throws {
        guard (1...TimeGrid.daySeconds).contains(poll) else {
            throw ValidationError("--poll must be 1-\(TimeGrid.daySeconds) seconds")
        }
        guard (1...60_000).contains(timeout) else { throw ValidationError("--timeout must be 1-60000 ms") }
    }

    func run() async throws {
        let profiles = try meters.loadProfiles()
        let site = try site.loadSite(profiles: profiles)
        var configuration = CollectorConfiguration()
        configuration.pollIntervalSeconds = poll
        configuration.responseTimeout = .milliseconds(timeout)
        let store = try VillageStore(path: database.db)
        let collector = try MeteringCollector(
            site: site, profiles: profiles, store: store, configuration: configuration)
        try await collector.prepare()
        if once {
            let summary = try await collector.poll(at: Int64(Date().timeIntervalSince1970), all: true)
            await collector.shutdown()
            if json {
                try printJSON(CollectSummaryReport(summary))
            } else {
                print(
                    "polled \(summary.polled) devices: \(summary.succeeded) answered, \(summary.failed) failed; "
                        + "\(summary.readings) readings, \(summary.intervals) intervals, \(summary.events) events recorded"
                )
                for (device, error) in summary.errors.sorted(by: { $0.key < $1.key }) { print("  \(device): \(error)") }
            }
            if summary.failed > 0 { throw ExitCode(2) }
            return
        }
        print("collecting from \(site.devices.count) devices every \(poll) s into \(database.db); Ctrl-C stops")
        let service = CollectorService(collector: collector, clock: ContinuousClock()) {
            Int64(Date().timeIntervalSince1970)
        }
        let logger = Logger(label: "village.collect")
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigint, .sigterm], logger: logger))
        try await group.run()
    }
}
