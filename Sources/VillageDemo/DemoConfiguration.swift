import DeviceProfiles
import Market
import Site
import Tariffs

/// What a demo runs: which village, from when, for how long, into which database.
public struct DemoConfiguration: Sendable {
    public var site: Site
    public var profiles: ProfileLibrary
    /// First simulated instant, UTC Unix seconds (local midnight of the chosen day).
    public var start: Int64
    /// Length of the run in simulated hours.
    public var hours: Int
    /// Seconds of simulated time between two polls of every device.
    public var pollSeconds: Int64 = 60
    public var databasePath: String
    /// Continue a database that an earlier run left unfinished (after a crash or a kill), from the
    /// poll after its last committed one, instead of requiring a fresh database.
    public var resume = false
    /// Simulated seconds per wall-clock second at most; nil runs as fast as the machine allows.
    public var speed: Double?
    /// The households' import tariff (their grid price, the market's ceiling) and the export price.
    public var importTariff: Tariff
    public var exportTariff: Tariff?
    public var mechanism: Mechanism = .default

    public init(
        site: Site, profiles: ProfileLibrary, start: Int64, hours: Int, databasePath: String, importTariff: Tariff,
        exportTariff: Tariff?
    ) {
        self.site = site
        self.importTariff = importTariff
        self.exportTariff = exportTariff
        self.profiles = profiles
        self.start = start
        self.hours = hours
        self.databasePath = databasePath
    }

    public var end: Int64 { start + Int64(hours) * 3600 }
}
