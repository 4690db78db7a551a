import DeviceProfiles
import DispatchControl
import MarketStore
import Site

/// Everything one running village needs: the site and its device profiles, the database, how often
/// to poll, how the market settles and how (or whether) the plant is dispatched.
public struct PlatformConfiguration: Sendable {
    public var site: Site
    public var profiles: ProfileLibrary
    public var databasePath: String
    /// Seconds between two polls of a device.
    public var pollSeconds: Int64 = 60
    public var responseTimeout: Duration = .seconds(1)
    public var market: MarketSettings
    /// The dispatch controller's settings; nil leaves the battery and heat pumps to their own controllers.
    public var dispatch: DispatchControllerConfiguration?
    /// Grace after an interval's end before it is settled, for the last meters of a poll cycle.
    public var settleDelaySeconds: Int64 = 60

    public init(
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
