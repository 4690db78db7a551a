import ArgumentParser
import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Foundation
import Logging
import Market
import MarketStore
import Metering
import ServiceLifecycle
import Site
import Tariffs
import VillageCore
import VillageEdge
import VillageRuntime
import VillageServer
import VillageWebApp

/// `village run`: the platform as a daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the village: collect, settle the market and dispatch the plant, until stopped.",
        discussion: """
            One process runs the metering collector, the market settlement and the dispatch controller \
            as services on one clock. Every closed 15-minute interval is settled once, in order; on \
            start, the intervals closed while it was stopped are settled first. The controller re-plans \
            at every quarter hour and writes the battery and heat-pump setpoints with a revert timeout, \
            so the plant falls back to idle on its own if this process dies.

            Ctrl-C or SIGTERM stops it gracefully: the battery is set idle and the heat pumps handed back \
            to their thermostats, the interval being written is finished, then it exits. `village status` \
            shows where each service has got to.

            Against the simulator, run both on one timeline: `village-sim --start S --speed X --anchor A` \
            and `village run --start S --speed X --anchor A` (A: the wall-clock Unix time at which the \
            timeline stood at S; pass the same A when restarting).

            With --upstream URL --upstream-token FILE, the village also sends its intervals, device \
            events, ledger and checkpoints to the city backend, in batches from an outbox in its \
            database: at least once and in order, resent after an outage, and never holding up \
            collection, settlement or dispatch. `village status` shows what is pending.
            """
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var platform: PlatformOptions
    @OptionGroup var meters: MetersOptions

    @Option(help: "Seconds (platform time) between two polls of a device.")
    var poll: Int64 = 60

    @Option(help: "Response timeout per Modbus request, milliseconds.")
    var timeout = 1000

    @Option(help: "Simulated timeline: platform time (UTC Unix seconds) at --anchor. Default: the wall clock.")
    var start: Int64?

    @Option(help: "Simulated timeline: platform seconds per wall second (needs --start).")
    var speed: Double?

    @Option(help: "Simulated timeline: wall-clock Unix time at which it stood at --start (default: now).")
    var anchor: Double?

    @Option(name: .customLong("log-level"), help: "The least severe messages logged.")
    var logLevel = Logger.Level.notice

    @Option(
        name: .customLong("ledger-key"),
        help: "Signing key file (from `village keys generate`): sign a ledger checkpoint after each settlement.")
    var ledgerKey: String?

    @Option(help: "Also serve the HTTP API and web app on HOST:PORT (as `village serve` does), in this process.")
    var listen: ListenAddress?

    @OptionGroup var web: WebServeOptions

    @OptionGroup(title: "City backend") var upstream: UpstreamOptions

    func validate() throws {
        guard (1...TimeGrid.daySeconds).contains(poll) else {
            throw ValidationError("--poll must be 1-\(TimeGrid.daySeconds) seconds, is \(poll)")
        }
        guard (1...60_000).contains(timeout) else {
            throw ValidationError("--timeout must be 1-60000 ms, is \(timeout)")
        }
        if let speed {
            guard speed > 0, speed.isFinite, speed <= 10_000 else {
                throw ValidationError("--speed must be in (0, 10000], is \(speed)")
            }
        }
        guard start != nil || (speed == nil && anchor == nil) else {
            throw ValidationError("--speed and --anchor need --start")
        }
    }

    func run() async throws {
        // A token file that others may read is refused before anything starts.
        let uplinkClient = try upstream.client()
        let profiles = try meters.loadProfiles()
        let loaded = try site.loadSite(profiles: profiles)
        if let ledgerKey { try loaded.checkLedgerSigningKey(path: ledgerKey, siteFile: site.site) }
        var configuration = PlatformConfiguration(
            site: loaded, profiles: profiles,
            databasePath: database.db, market: try platform.marketSettings(site: loaded, siteFile: site.site),
            dispatch: try platform.dispatchConfiguration(site: loaded))
        configuration.pollSeconds = poll
        configuration.responseTimeout = .milliseconds(timeout)
        configuration.settleDelaySeconds = poll
        configuration.ledgerKeyPath = ledgerKey
        let clock =
            start.map {
                PlatformClock.simulated(start: $0, speed: speed ?? 1, anchor: anchor ?? Date().timeIntervalSince1970)
            }
            ?? .wall
        var logger = Logger(label: "village.run")
        logger.logLevel = logLevel
        let village = try VillagePlatform(configuration, logger: logger)
        let timeline =
            start.map { "simulated time from \(LocalTime.format($0)) at \(speed ?? 1)x" } ?? "wall-clock time"
        print(
            "village run: \(configuration.site.devices.count) devices, \(configuration.site.households.count) households, "
                + "\(configuration.dispatch.map { "dispatch \($0.strategy.rawValue)" } ?? "dispatch off"), \(configuration.market.mechanism.name) market, "
                + "\(timeline), database \(database.db); Ctrl-C stops")
        fflush(nil)
        var server: [any Service] = []
        let metrics = ServerMetrics()
        if let listen {
            let application = ServerAssembly.application(
                store: village.store, site: loaded,
                tariff: try platform.market.library.tariff(named: platform.market.tariff),
                address: listen, logger: logger, metrics: metrics,
                extraRoutes: web.routes(
                    planning: WebApp.PlantPlanning(
                        profiles: try meters.loadProfiles(),
                        importTariff: try platform.market.library.tariff(named: platform.market.plantTariff),
                        exportTariff: try platform.market.exportPrices()))
            ) { port in
                print("village run: serving http://\(ListenAddress(host: listen.host, port: port))")
                fflush(nil)
            }
            server.append(application)
        }
        if let client = uplinkClient {
            server.append(
                UplinkService(uplink: Uplink(store: village.store, client: client, logger: logger), logger: logger))
            print("village run: sending to the city backend at \(client.endpoint)")
        }
        try await VillageDaemon.run(village, clock: clock, logger: logger, extraServices: server) { poll in
            metrics.countPoll(poll.polled)
        }
        print("village run: stopped; the plant is in its safe state")
    }
}
