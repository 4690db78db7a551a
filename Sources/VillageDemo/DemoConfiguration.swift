import DeviceProfiles
import Site

/// What a demo runs: which village, from when, for how long, into which database.
public struct DemoConfiguration: Sendable {
    public var site: Site
    public var profiles: ProfileLibrary
    /// First simulated instant, UTC Unix seconds (local midnight of the chosen day).
    public var start: Int64
    public var days: Int
    /// Seconds of simulated time between two polls of every device.
    public var pollSeconds: Int64 = 60
    public var databasePath: String

    public init(site: Site, profiles: ProfileLibrary, start: Int64, days: Int, databasePath: String) {
        self.site = site
        self.profiles = profiles
        self.start = start
        self.days = days
        self.databasePath = databasePath
    }
}
