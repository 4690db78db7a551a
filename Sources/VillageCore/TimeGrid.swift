/// The lengths the platform's time grid is built from, in seconds: a quarter hour or a day is named
/// where it is meant, so a bare number that merely has the same value (a timeout, a wattage) stands
/// out as something else.
///
/// Times are UTC Unix seconds and intervals are aligned in the site's local time, which has no
/// daylight saving, so every local day has exactly `daySeconds`.
public enum TimeGrid {
    /// The default settlement and metering interval (15 minutes). A store or controller configured
    /// with another length (`StoreConfiguration.intervalSeconds`, a dispatch step) uses its own
    /// value; this is the default they start from and what fixed-grid code (the simulator, the
    /// market's metered settlement) is built on.
    public static let quarterHourSeconds: Int64 = 900

    /// One hour: tariff periods and chart ticks are per local hour.
    public static let hourSeconds: Int64 = 3_600

    /// One civil day (no leap seconds, no daylight saving in site time).
    public static let daySeconds: Int64 = 86_400
}
