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
    /// Route sets added after the API's.
    static let extraRoutes: [@Sendable (Router<VillageRequestContext>) -> Void] = []

    static func application(
        store: VillageStore, site: Site, tariff: Tariff, address: ListenAddress, logger: Logger,
        metrics: ServerMetrics = ServerMetrics(), onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let api = VillageAPI(
            store: store, site: site, tariff: tariff, metrics: metrics, logger: logger,
            now: { Int64(Date().timeIntervalSince1970) })
        return VillageHTTPServer.application(
            router: VillageHTTPServer.router(api: api, extraRoutes: extraRoutes), address: address, logger: logger,
            onServerRunning: onServerRunning)
    }
}
