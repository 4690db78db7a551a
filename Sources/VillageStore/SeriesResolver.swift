import GRDB

/// Maps (device, channel) to the series id inside one transaction, creating series on first use.
struct SeriesResolver {
    var known: [SeriesKey: Int64]
    /// Series created (or first looked up) in this transaction; published to the cache after commit.
    var created: [SeriesKey: Int64] = [:]

    init(known: [SeriesKey: Int64]) { self.known = known }

    mutating func id(deviceId: String, channel: MeteringChannel, db: Database, store: VillageStore) throws -> Int64 {
        let key = SeriesKey(deviceId: deviceId, channel: channel.rawValue)
        if let id = known[key] { return id }
        try store.requireDevices([deviceId], "reading", db)
        try db.execute(
            sql: "INSERT OR IGNORE INTO reading_series (device_id, channel) VALUES (?, ?)",
            arguments: [deviceId, channel.rawValue])
        guard
            let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM reading_series WHERE device_id = ? AND channel = ?",
                arguments: [deviceId, channel.rawValue])
        else {
            throw store.error(.sqlite, "reading of \(deviceId) \(channel)", "series row vanished")
        }
        known[key] = id
        created[key] = id
        return id
    }
}

/// Identifies one reading series.
struct SeriesKey: Hashable, Sendable {
    var deviceId: String
    var channel: String
}
