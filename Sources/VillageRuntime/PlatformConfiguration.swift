import DeviceProfiles
import DispatchControl
import MarketStore
import Site

/// Everything one running village needs: the site and its device profiles, the database, how often
/// to poll, how the market settles and how (or whether) the plant is dispatched.
package struct PlatformConfiguration: Sendable {
    package var site: Site
    package var profiles: ProfileLibrary
    package var databasePath: String
    /// Seconds between two polls of a device.
    package var pollSeconds: Int64 = 60
    package var responseTimeout: Duration = .seconds(1)
    package var market: MarketSettings
    /// The dispatch controller's settings; nil leaves the battery and heat pumps to their own controllers.
    package var dispatch: DispatchControllerConfiguration?
    /// Grace after an interval's end before it is settled, for the last meters of a poll cycle.
    package var settleDelaySeconds: Int64 = 60
    /// The Ed25519 key file that signs a ledger checkpoint after each settlement; nil signs none.
    package var ledgerKeyPath: String?

    package init(
        site: Site, profiles: ProfileLibrary, databasePath: String, market: MarketSettings,
        dispatch: DispatchControllerConfiguration?
    ) {
        self.site = site
        self.profiles = profiles
        self.databasePath = databasePath
        self.market = market
        self.dispatch = dispatch
    }
}
