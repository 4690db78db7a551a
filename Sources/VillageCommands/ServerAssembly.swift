import Foundation
import Hummingbird
import Logging
import Site
import Tariffs
import VillageServer
import VillageStore

/// The HTTP server as `village serve` and `village run --listen` build it: the JSON API and every
/// other set of routes (the web app's pages) on one router.
enum ServerAssembly {
    /// `extraRoutes`: route sets added after the API's (the web app's pages), made for the API.
    static func application(
        store: VillageStore, site: Site, tariff: Tariff, address: ListenAddress, logger: Logger,
        metrics: ServerMetrics = ServerMetrics(),
        extraRoutes: (VillageAPI) -> [@Sendable (Router<VillageRequestContext>) -> Void] = { _ in [] },
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let api = VillageAPI(
            store: store, site: site, tariff: tariff, metrics: metrics, logger: logger,
            now: { Int64(Date().timeIntervalSince1970) })
        return VillageHTTPServer.application(
            router: VillageHTTPServer.router(api: api, extraRoutes: extraRoutes(api)), address: address, logger: logger,
            onServerRunning: onServerRunning)
    }
}
