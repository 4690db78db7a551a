import GRDB

/// The `events` table: device events (offline, online, counter resets, rejected values) in time order.
///
/// A pseudonymised export leaves out the free-text `detail`: it can quote register values, serial
/// numbers or unit numbers that the pseudonyms are meant to hide.
struct EventSource: ExportSource {
    let table = ExportTable.events

    static let fields: [ExportField] = [
        ExportField("time", .datetime, "When the event happened, ISO 8601 with the site's UTC offset.", ngsiName: "dateIssued"),
        ExportField(
            "device_id", .string,
            "Device id; in a pseudonymised export `dev-` and 128 bits of an HMAC-SHA256 under the export key.",
            ngsiName: "refDevice"),
        ExportField(
            "household_id", .string, "Owning household's unit number (pseudonymised like owner_id), empty for plant equipment.",
            ngsiName: "owner"),
        ExportField(
            "kind", .string,
            "offline (stopped answering), online (answers again), counter-reset (new counter baseline, not a wrap), "
                + "rejected-value (a value read but not used).",
            allowedValues: ["offline", "online", "counter-reset", "rejected-value"], ngsiName: "category"),
        ExportField("channel", .string, "The channel concerned; empty for events of the whole device."),
        ExportField(
            "detail", .string, "What exactly happened, for a person; empty in pseudonymised exports.", ngsiName: "description"),
    ]

    func availability(in database: ExportDatabase, settings: ExportSettings) -> SourceAvailability {
        if settings.minimumGroupSize != nil {
            return .incompatible(reason: "events are per device; --min-group exports only aggregates over households")
        }
        return .available
    }

    func schema(settings: ExportSettings) -> TableSchema {
        TableSchema(
            table: table, description: "Events of devices that a reader of their data must know about (outages, counter resets).",
            fields: Self.fields,
            entity: EntityShape(
                type: "DeviceEvent", idFields: ["device_id", "kind", "channel", "time"], observedField: "time",
                relationships: ["device_id": "Device"]))
    }

    func estimatedRowCount(in database: ExportDatabase, settings: ExportSettings) throws(ExportError) -> Int? {
        try database.read("count events") { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM device_events WHERE at >= ? AND at < ?", arguments: [settings.from, settings.to])
        }
    }

    func export(
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter, progress: ProgressCounter
    ) throws(ExportError) -> Int {
        var written = 0
        var row = [ExportValue](repeating: .null, count: Self.fields.count)
        let knownKinds = Set(Self.fields[3].allowedValues ?? [])
        for window in settings.dayWindows {
            try database.read("events") { db in
                let cursor = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT e.device_id, d.household_id, e.at, e.kind, e.channel, e.detail FROM device_events e
                        JOIN devices d ON d.id = e.device_id WHERE e.at >= ? AND e.at < ? ORDER BY e.at, e.id
                        """,
                    arguments: [window.start, window.end])
                while let stored = try cursor.next() {
                    let householdId: String? = stored[1]
                    guard settings.includes(householdId: householdId) else { continue }
                    let deviceId: String = stored[0]
                    let kind: String = stored[3]
                    guard knownKinds.contains(kind) else {
                        throw ExportError(.database, database.path, "event of \(deviceId) has unknown kind \"\(kind)\"")
                    }
                    let channel: String = stored[4]
                    row[0] = .time(stored[2])
                    row[1] = .text(settings.identifiers.device(deviceId))
                    row[2] = householdId.map { .text(settings.identifiers.household($0)) } ?? .null
                    row[3] = .text(kind)
                    row[4] = channel.isEmpty ? .null : .text(channel)
                    row[5] = settings.identifiers.isPseudonymizing ? .null : .text(stored[5])
                    try writer.write(row)
                    written += 1
                    progress.add()
                }
            }
        }
        return written
    }
}
