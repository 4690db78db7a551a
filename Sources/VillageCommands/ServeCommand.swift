import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Tariffs
import VillageServer
import VillageStore

/// `village serve --db DB --site FILE --listen 127.0.0.1:8080`: the village's HTTP API (and web
/// app) on an existing database, until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the village's HTTP API and web app for households, the manager and researchers.",
        discussion: """
            Every route checks the caller's account: create accounts first with `village accounts add`. \
            Log in with POST /api/v1/tokens {"username", "password"}, then send `Authorization: Bearer TOKEN`. \
            The OpenAPI document is at /api/v1/openapi.json. Listen on loopback and put a TLS proxy in front \
            to serve other machines. `village run --listen ADDR` serves the same inside the daemon.
            """)

    @Option(help: "The village database (SQLite); it must exist (`village run` or `village demo` make one).")
    var db: String

    @OptionGroup var site: SiteOptions

    @Option(help: "Address to listen on, HOST:PORT (port 0: any free port).")
    var listen = ListenAddress(host: "127.0.0.1", port: 8080)

    @Option(help: "The households' import tariff for bills, a name in --tariffs-dir.")
    var tariff = "kepco-residential-low-voltage"

    @OptionGroup var tariffs: TariffsDirectoryOptions

    @Option(name: .customLong("log-level"), help: "The least severe messages logged.")
    var logLevel = Logger.Level.notice

    func run() async throws {
        guard FileManager.default.fileExists(atPath: db) else {
            throw ValidationError("--db: \(db) does not exist; `village run` or `village demo` creates a database")
        }
        let loaded = try site.loadSite()
        let tariff = try tariffs.library.tariff(named: tariff)
        let store = try VillageStore(path: db)
        var logger = Logger(label: "village.serve")
        logger.logLevel = logLevel
        let listen = listen
        let app = ServerAssembly.application(
            store: store, site: loaded, tariff: tariff, address: listen, logger: logger
        ) { port in
            print("village serve: listening on http://\(ListenAddress(host: listen.host, port: port)); Ctrl-C stops")
            fflush(nil)
        }
        try await app.runService()
        print("village serve: stopped")
    }
}
