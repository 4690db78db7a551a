import Foundation
import Hummingbird
import Logging
import MarketStore
import Site
import Tariffs
import VillageAccounts
import VillageStore

/// What the API's handlers work on: the village database, its accounts and ledger, the site and the
/// tariff bills are priced with, the metrics and the clock.
package struct VillageAPI: Sendable {
    package let store: VillageStore
    package let accounts: AccountStore
    package let ledger: SQLiteLedgerStore
    package let site: Site
    /// The households' import tariff (`GET .../bill`).
    package let tariff: Tariff
    package let metrics: ServerMetrics
    /// UTC Unix seconds.
    package let now: @Sendable () -> Int64
    package let logger: Logger

    package init(
        store: VillageStore, site: Site, tariff: Tariff, metrics: ServerMetrics = ServerMetrics(),
        logger: Logger = Logger(label: "village.server"), now: @escaping @Sendable () -> Int64
    ) {
        self.store = store
        self.accounts = AccountStore(store: store)
        self.ledger = SQLiteLedgerStore(store: store)
        self.site = site
        self.tariff = tariff
        self.metrics = metrics
        self.logger = logger
        self.now = now
    }

    /// Adds the bearer-token authenticator, the request metrics and every route of
    /// ``APIRoutes/all`` to `router`. The web app adds its own routes (and its session
    /// authenticator) to the same router.
    package func addRoutes(to router: Router<VillageRequestContext>) {
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: BearerTokenAuthenticator(accounts: accounts, now: now))
        for route in APIRoutes.all {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try route.authorise(context)
                try RequestInput.checkQuery(request, allowed: route.queryNames)
                return try await route.handler(request, context, self)
            }
        }
    }
}
