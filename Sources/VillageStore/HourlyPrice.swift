/// One published hourly price: the hour it holds for and won per kWh in thousandths (milli-won).
package struct HourlyPrice: Sendable, Hashable, Codable {
    /// Start of the hour, UTC Unix seconds (a multiple of 3600).
    package var hourStart: Int64
    package var priceMilliWonPerKWh: Int64
    /// The line of the source file the price was read from (1-based), for messages.
    package var line: Int

    package init(hourStart: Int64, priceMilliWonPerKWh: Int64, line: Int) {
        self.hourStart = hourStart
        self.priceMilliWonPerKWh = priceMilliWonPerKWh
        self.line = line
    }
}

/// A stored hourly price with where it came from.
package struct StoredHourlyPrice: Sendable, Hashable, Codable {
    package var region: SMPRegion
    package var hourStart: Int64
    package var priceMilliWonPerKWh: Int64
    /// 0 for the first value imported for the hour, 1 for its first revision, …
    package var revision: Int
    /// The file name the value was imported from.
    package var sourceFile: String
    /// When it was imported, UTC Unix seconds.
    package var importedAt: Int64
}

/// What one import changed.
package struct PriceImportResult: Sendable, Hashable, Codable {
    /// The import's id; nil when the file held nothing new (then nothing was written).
    package var importId: Int64?
    /// Hours that had no price before.
    package var added: Int
    /// Hours whose published price changed: a revision, kept beside the earlier value.
    package var revised: Int
    /// Hours whose price was already stored with the same value.
    package var unchanged: Int
}
