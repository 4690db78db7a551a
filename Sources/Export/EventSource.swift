import GRDB

/// The `events` table: device events (offline, online, counter resets, rejected values) in time order.
///
/// A pseudonymised export leaves out the free-text `detail`: it can quote register values, serial
/// numbers or unit numbers that the pseudonyms are meant to hide.
struct EventSource: ExportSource {
    let table = ExportTable.events

    static let fields: [ExportField] = [
        ExportField(
            "time", .datetime, "When the event happened, ISO 8601 with the site's UTC offset.", ngsiName: "dateIssued"),
        ExportField(
            "device_id", .string,
            "Device id; in a pseudonymised export `dev-` and 128 bits of an HMAC-SHA256 under the export key.",
            ngsiName: "refDevice"),
        ExportField(
            "household_id", .string,
            "Owning household's unit number (pseudonymised like owner_id), empty for plant equipment.",
            ngsiName: "owner"),
        ExportField(
            "kind", .string,
            "offline (stopped answering), online (answers again), counter-reset (new counter baseline, not a wrap), "
                + "rejected-value (a value read but not used).",
            allowedValues: ["offline", "online", "counter-reset", "rejected-value"], ngsiName: "category"),
        ExportField("channel", .string, "The channel concerned; empty for events of the whole device."),
        ExportField(
            "detail", .string, "What exactly happened, for a person; empty in pseudonymised exports.",
            ngsiName: "description"),
    ]

    func availability(in database: ExportDatabase, settings: ExportSettings) -> SourceAvailability {
        if settings.minimumGroupSize != nil {
            return .incompatible(reason: "events are per device; --min-group exports only aggregates over households")
        }
        return .available
    }

    func schema(settings: ExportSettings) -> TableSchema {
        TableSchema(
            table: table,
            description: "Events of devices that a reader of their data must know about (outages, counter resets).",
            fields: Self.fields,
            entity: EntityShape(
                type: "DeviceEvent", idFields: ["device_id", "kind", "channel", "time"], observedField: "time",
                relationships: ["device_id": "Device"]))
    }

    func estimatedRowCount(in database: ExportDatabase, settings: ExportSettings) throws(ExportError) -> Int? {
        try database.read("count events") { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM device_events WHERE at >= ? AND at < ?",
                arguments: [settings.from, settings.to])
        }
    }

    func export(
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter,
        progress: ProgressCounter
    ) throws(ExportError) -> Int {
        var written = 0
        var row = [ExportValue](repeating: .null, count: Self.fields.count)
        let knownKinds = Set(Self.fields[3].allowedValues ?? [])
        for window in settings.dayWindows {
            try database.read("events") { db in
                let cursor = try EventRow.fetchPositionedCursor(
                    db,
                    sql: """
                        SELECT e.device_id, d.household_id, e.at, e.kind, e.channel, e.detail FROM device_events e
                        JOIN devices d ON d.id = e.device_id WHERE e.at >= ? AND e.at < ? ORDER BY e.at, e.id
                        """,
                    arguments: [window.start, window.end])
                while let event = try cursor.next() {
                    guard settings.includes(householdId: event.householdId) else { continue }
                    guard knownKinds.contains(event.kind) else {
                        throw ExportError(
                            .database, database.path, "event of \(event.deviceId) has unknown kind \"\(event.kind)\"")
                    }
                    row[0] = .time(event.at)
                    row[1] = .text(settings.identifiers.device(event.deviceId))
                    row[2] = event.householdId.map { .text(settings.identifiers.household($0)) } ?? .null
                    row[3] = .text(event.kind)
                    row[4] = event.channel.isEmpty ? .null : .text(event.channel)
                    row[5] = settings.identifiers.isPseudonymizing ? .null : .text(event.detail)
                    try writer.write(row)
                    written += 1
                    progress.add()
                }
            }
        }
        return written
    }
}

/// A `device_events` row with its device's household (NULL for plant equipment).
private struct EventRow: PositionedRecord, TableRecord {
    static let databaseTableName = "device_events"
    enum Columns {
        static let deviceId = Column("device_id")
        /// From `devices`.
        static let householdId = Column("household_id")
        static let at = Column("at")
        static let kind = Column("kind")
        static let channel = Column("channel")
        static let detail = Column("detail")
    }
    struct Positions {
        var deviceId, householdId, at, kind, channel, detail: Int
    }

    var deviceId: String
    var householdId: String?
    var at: Int64
    var kind: String
    var channel: String
    var detail: String

    static func positions(in results: some ColumnLocating) throws(StoredValueError) -> Positions {
        Positions(
            deviceId: try results.position(of: Columns.deviceId, in: databaseTableName),
            householdId: try results.position(of: Columns.householdId, in: "devices"),
            at: try results.position(of: Columns.at, in: databaseTableName),
            kind: try results.position(of: Columns.kind, in: databaseTableName),
            channel: try results.position(of: Columns.channel, in: databaseTableName),
            detail: try results.position(of: Columns.detail, in: databaseTableName))
    }

    init(row: Row, at p: Positions) throws(StoredValueError) {
        let table = Self.databaseTableName
        deviceId = try row.text(at: p.deviceId, Columns.deviceId, of: table)
        householdId = try row.optionalText(at: p.householdId, Columns.householdId, of: "devices")
        at = try row.integer(at: p.at, Columns.at, of: table)
        kind = try row.text(at: p.kind, Columns.kind, of: table)
        channel = try row.text(at: p.channel, Columns.channel, of: table)
        detail = try row.text(at: p.detail, Columns.detail, of: table)
    }
}
