import DispatchControl
import Logging
import Market
import MarketStore
import Metering
import VillageStore

/// The platform's working parts over one database, built once from a configuration: the collector,
/// the settlement and the dispatch controller. `VillageDaemon` runs them as services on a clock;
/// the demo drives the same parts in lock step with the simulator.
package struct VillagePlatform: Sendable {
    package let configuration: PlatformConfiguration
    package let store: VillageStore
    package let collector: MeteringCollector
    package let ledger: SQLiteLedgerStore
    package let settlement: SettlementCatchUp
    package let controller: DispatchController?
    package let checkpointer: LedgerCheckpointer?

    package init(_ configuration: PlatformConfiguration, logger: Logger) throws {
        self.configuration = configuration
        var collection = CollectorConfiguration()
        collection.pollIntervalSeconds = configuration.pollSeconds
        collection.responseTimeout = configuration.responseTimeout
        // Profiles are resolved before the database is opened: a bad site creates no file.
        _ = try collection.devices(of: configuration.site, profiles: configuration.profiles)
        // So is the signing key: a bad key file stops the daemon before it starts.
        _ = try configuration.ledgerKeyPath.map { path throws(LedgerKeyError) in
            try LedgerSigningKey(contentsOfFile: path)
        }
        store = try VillageStore(path: configuration.databasePath)
        collector = try MeteringCollector(
            site: configuration.site, profiles: configuration.profiles, store: store, configuration: collection,
            logger: logger)
        let ledger = SQLiteLedgerStore(store: store)
        self.ledger = ledger
        checkpointer = try configuration.ledgerKeyPath.map { path throws(LedgerKeyError) in
            try LedgerCheckpointer(ledger: ledger, keyPath: path)
        }
        settlement = SettlementCatchUp(
            settlement: MeteredSettlement(store: store, ledger: ledger, settings: configuration.market))
        if let dispatch = configuration.dispatch {
            controller = try DispatchController(
                site: configuration.site, profiles: configuration.profiles, configuration: dispatch,
                forecasts: StoreForecastSource(store: store, site: configuration.site), store: store, logger: logger)
        } else {
            controller = nil
        }
    }
}
