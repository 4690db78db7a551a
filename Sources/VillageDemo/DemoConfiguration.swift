import DeviceProfiles
import DispatchControl
import MarketStore
import Site

/// What a demo runs: which village, from when, for how long, into which database, and the same
/// market and dispatch settings `village run` takes.
package struct DemoConfiguration: Sendable {
    package var site: Site
    package var profiles: ProfileLibrary
    /// First simulated instant, UTC Unix seconds (local midnight of the chosen day).
    package var start: Int64
    /// Length of the run in simulated hours.
    package var hours: Int
    /// Seconds of simulated time between two polls of every device.
    package var pollSeconds: Int64 = 60
    /// Days simulated before `start` with the plant on its own controllers and a poll every quarter
    /// hour, so that the scheduler has history to forecast from (as it would in a running village).
    /// Their intervals are recorded and settled like the others; the report covers the run only.
    package var warmupDays = 1
    package var databasePath: String
    /// Continue a database that an earlier run left unfinished (after a crash or a kill), from the
    /// poll after its last committed one, instead of requiring a fresh database.
    package var resume = false
    /// Simulated seconds per wall-clock second at most; nil runs as fast as the machine allows.
    package var speed: Double?
    /// How the market prices and clears.
    package var market: MarketSettings
    /// The dispatch controller's settings; nil leaves the battery and heat pumps to their own controllers.
    package var dispatch: DispatchControllerConfiguration?

    package init(
        site: Site, profiles: ProfileLibrary, start: Int64, hours: Int, databasePath: String, market: MarketSettings,
        dispatch: DispatchControllerConfiguration?
    ) {
        self.site = site
        self.profiles = profiles
        self.start = start
        self.hours = hours
        self.databasePath = databasePath
        self.market = market
        self.dispatch = dispatch
    }

    package var end: Int64 { start + Int64(hours) * 3600 }
}
