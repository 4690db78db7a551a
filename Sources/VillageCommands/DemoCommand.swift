import ArgumentParser
import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Foundation
import Logging
import Market
import MarketStore
import Site
import VillageDemo

/// `village demo`: the whole platform on the simulated village, in one command.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the platform end to end on the simulated village and print what happened.",
        discussion: """
            Starts the simulated village on free loopback ports (real Modbus TCP) and runs the parts \
            of `village run` against it in lock step with the simulation: every simulated minute the \
            collector polls every meter, inverter, gateway and plant controller into a fresh database; \
            at every quarter hour the closed interval is settled in the market and the dispatch \
            controller plans and commands the battery and heat pumps. Then it compares what was \
            recorded with the simulator's ground truth and prints a summary. It ends by making accounts \
            on the database (a household, the manager, a researcher; with --json, none) with random \
            passwords printed only then, and says how to browse the village with `village serve`.
            """
    )

    @Option(help: "Simulated days to run.")
    var days = 1

    @Option(help: "Simulated hours to run instead of whole days.")
    var hours: Int?

    @Option(
        name: .customLong("warmup-days"),
        help:
            "Days simulated first with the plant on its own controllers, polled every 15 minutes, so dispatch has history to forecast from."
    )
    var warmupDays = 1

    @Flag(help: "Continue the database of an interrupted demo from its last committed poll.")
    var resume = false

    @Option(
        help:
            "Simulated seconds per wall-clock second at most (600 = ten minutes a second); default: as fast as possible."
    )
    var speed: Double?

    @Option(help: "First simulated day (local date, YYYY-MM-DD).")
    var date = "2025-06-16"

    @Option(help: "Database to create.")
    var db = "village-demo.sqlite"

    @Flag(help: "Replace the database if it exists.")
    var force = false

    @OptionGroup var site: SiteOptions

    @OptionGroup var meters: MetersOptions

    @OptionGroup var platform: PlatformOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard (1...366).contains(days) else { throw ValidationError("--days must be 1-366") }
        guard (0...7).contains(warmupDays) else { throw ValidationError("--warmup-days must be 0-7, is \(warmupDays)") }
        if let speed { guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be positive") } }
        if let hours { guard (1...8784).contains(hours) else { throw ValidationError("--hours must be 1-8784") } }
        guard !(resume && force) else {
            throw ValidationError("--resume continues a database; --force replaces it: pick one")
        }
        guard Self.localMidnight(date) != nil else {
            throw ValidationError("--date: '\(date)' is not a date like 2025-06-16")
        }
    }

    func run() async throws {
        // Every input is read and checked before an existing database is replaced.
        let profiles = try meters.loadProfiles()
        let loaded = try site.loadSite(profiles: profiles)
        var configuration = DemoConfiguration(
            site: loaded, profiles: profiles,
            start: Self.localMidnight(date)!, hours: hours ?? days * 24, databasePath: db,
            market: try platform.marketSettings(site: loaded, siteFile: site.site),
            dispatch: try platform.dispatchConfiguration(site: loaded))
        if FileManager.default.fileExists(atPath: db), !resume {
            guard force else { throw CommandError("\(db) exists; pass --force to replace it or --db for another file") }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        }
        let folder = URL(fileURLWithPath: db).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        configuration.resume = resume
        configuration.warmupDays = warmupDays
        configuration.speed = speed
        var logger = Logger(label: "village.demo")
        logger.logLevel = .error
        let interactive = isatty(STDERR_FILENO) != 0
        if !json {
            let dispatch = configuration.dispatch.map { "dispatch \($0.strategy.rawValue)" } ?? "dispatch off"
            print(
                "Simulating \(configuration.site.households.count) homes for \(configuration.hours) h from \(date) over Modbus TCP "
                    + "(\(dispatch), \(configuration.market.mechanism.name) market)…")
        }
        let report = try await DemoRunner.run(configuration, logger: logger) { progress in
            guard interactive else { return }
            let line =
                "  simulated \(progress.simulatedHours)/\(progress.totalHours) h, \(progress.failedReads) failed reads"
            FileHandle.standardError.write(Data("\r\(line)".utf8))
            if progress.simulatedHours == progress.totalHours { FileHandle.standardError.write(Data("\n".utf8)) }
        }
        if json { return try printJSON(report) }
        DemoReportPrinter(report: report).print()
        let household = report.market.balances.first?.unit ?? loaded.households.first?.unit ?? "101"
        try await DemoAccounts.create(databasePath: db, household: household)
            .print(databasePath: db, siteFile: site.site) { Swift.print($0) }
    }

    /// Local midnight (UTC+9) of a YYYY-MM-DD date, as UTC Unix seconds.
    static func localMidnight(_ text: String) -> Int64? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 9 * 3600)!
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return Int64(date.timeIntervalSince1970)
    }
}
