import GRDB
import GRDBSQLite

/// The `readings` table: raw values as the collector stored them (counter registers in base units,
/// instantaneous levels), one series (device, channel) after another, each in time order along the
/// store's (series, time) primary key.
struct ReadingSource: ExportSource {
    let table = ExportTable.readings

    static let fields: [ExportField] = [
        ExportField("time", .datetime, "When the value was read, ISO 8601 with the site's UTC offset."),
        ExportField(
            "device_id", .string,
            "Device id; in a pseudonymised export `dev-` and 128 bits of an HMAC-SHA256 under the export key.",
            ngsiName: "refDevice"),
        ExportField(
            "household_id", .string,
            "Owning household's unit number (pseudonymised like owner_id), empty for plant equipment.",
            ngsiName: "owner"),
        ExportField("channel", .string, "Measured quantity (see the intervals table for the vocabulary)."),
        ExportField(
            "energy_wh", .number,
            "Value of an energy channel in watt-hours: the counter register as read (not unwrapped), or a stored-energy level.",
            unit: "Wh", unitCode: "WHR"),
        ExportField(
            "volume_l", .number, "Value of a volume channel in litres: the counter register as read.",
            unit: "L", unitCode: "LTR"),
        ExportField(
            "other_value", .number,
            "Value of any other channel (instantaneous levels such as power or temperature) in the unit its channel name implies."
        ),
        ExportField(
            "quality", .string,
            "good (read and accepted), rejected (read but not used by the counter logic: implausible jump, out of order), "
                + "uncertain (flagged unreliable by the device).",
            allowedValues: ["good", "rejected", "uncertain"]),
    ]

    static let knownEnergyChannels: Set<String> = [
        "energy.import", "energy.export", "pv.generation", "heating.energy", "cooling.energy", "ess.charge",
        "ess.discharge", "ess.soc", "heatpump.electricity", "heatpump.heat", "tank.heat",
    ]

    func availability(in database: ExportDatabase, settings: ExportSettings) -> SourceAvailability {
        if settings.minimumGroupSize != nil {
            return .incompatible(
                reason:
                    "readings are per device; --min-group exports only aggregates over households (use --what intervals)"
            )
        }
        if settings.resolution != .raw {
            return .incompatible(
                reason:
                    "readings are exported only at --resolution raw; sums per \(settings.resolution) are in intervals")
        }
        return .available
    }

    func schema(settings: ExportSettings) -> TableSchema {
        TableSchema(
            table: table,
            description:
                "Raw values read from each device channel, as stored (kept for the store's raw retention period).",
            fields: Self.fields,
            entity: EntityShape(
                type: "DeviceMeasurement", idFields: ["device_id", "channel", "time"],
                valueFields: ["energy_wh", "volume_l", "other_value"], propertyField: "channel", observedField: "time",
                relationships: ["device_id": "Device"]))
    }

    /// A `reading_series` row with its device's household (NULL for plant equipment).
    private struct SeriesRow: FetchableRecord, TableRecord {
        static let databaseTableName = "reading_series"
        enum Columns {
            static let id = Column("id")
            static let deviceId = Column("device_id")
            static let channel = Column("channel")
            /// From `devices`.
            static let householdId = Column("household_id")
        }

        let id: Int64
        let deviceId: String
        let channel: String
        let householdId: String?

        init(row: Row) throws {
            let table = Self.databaseTableName
            id = try row.integer(Columns.id, of: table)
            deviceId = try row.text(Columns.deviceId, of: table)
            channel = try row.text(Columns.channel, of: table)
            householdId = try row.optionalText(Columns.householdId, of: "devices")
        }
    }

    /// The `readings` columns the export reads, by name.
    private enum ReadingColumns {
        static let at = Column("at")
        static let value = Column("value")
        static let quality = Column("quality")
    }

    private func seriesList(_ database: ExportDatabase, _ settings: ExportSettings) throws(ExportError) -> [SeriesRow] {
        try database.read("reading series") { db in
            try SeriesRow.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.device_id, s.channel, d.household_id FROM reading_series s
                    JOIN devices d ON d.id = s.device_id ORDER BY s.device_id, s.channel
                    """)
        }.filter { settings.includes(householdId: $0.householdId) }
    }

    func estimatedRowCount(in database: ExportDatabase, settings: ExportSettings) throws(ExportError) -> Int? {
        let series = try seriesList(database, settings)
        return try database.read("count readings") { db in
            var total = 0
            for entry in series {
                total +=
                    try Int.fetchOne(
                        db,
                        sql:
                            "SELECT COUNT(*) FROM \(database.readingsRelation) WHERE series_id = ? AND at >= ? AND at < ?",
                        arguments: [entry.id, settings.from, settings.to]) ?? 0
            }
            return total
        }
    }

    func export(
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter,
        progress: ProgressCounter
    ) throws(ExportError) -> Int {
        var written = 0
        var row = [ExportValue](repeating: .null, count: Self.fields.count)
        let qualities = ["good", "rejected", "uncertain"]
        for series in try seriesList(database, settings) {
            let device = ExportValue.text(settings.identifiers.device(series.deviceId))
            let household = series.householdId.map { ExportValue.text(settings.identifiers.household($0)) } ?? .null
            let column =
                Self.knownEnergyChannels.contains(series.channel) ? 4 : Channels.isVolume(series.channel) ? 5 : 6
            // One read transaction per series and local day, so that no snapshot stays open for long.
            for window in settings.dayWindows {
                try database.read("readings") { db in
                    let prepared = try db.cachedStatement(
                        sql: "SELECT at, value, quality FROM \(database.readingsRelation) "
                            + "WHERE series_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at")
                    // Positions by name, once per statement: the loop below reads SQLite's columns directly.
                    let at = Int32(try prepared.position(of: ReadingColumns.at, in: "readings"))
                    let value = Int32(try prepared.position(of: ReadingColumns.value, in: "readings"))
                    let qualityAt = Int32(try prepared.position(of: ReadingColumns.quality, in: "readings"))
                    let statement = prepared.sqliteStatement
                    sqlite3_reset(statement)
                    sqlite3_bind_int64(statement, 1, series.id)
                    sqlite3_bind_int64(statement, 2, window.start)
                    sqlite3_bind_int64(statement, 3, window.end)
                    defer { sqlite3_reset(statement) }
                    while true {
                        let code = sqlite3_step(statement)
                        if code == SQLITE_DONE { break }
                        guard code == SQLITE_ROW else {
                            throw db.exportError(code, "reading readings", path: database.path)
                        }
                        // sqlite3_column_int64 reads NULL and text as 0: a value of another type is refused.
                        let valueType = sqlite3_column_type(statement, value)
                        guard sqlite3_column_type(statement, at) == SQLITE_INTEGER,
                            valueType == SQLITE_INTEGER || valueType == SQLITE_FLOAT,
                            sqlite3_column_type(statement, qualityAt) == SQLITE_INTEGER
                        else {
                            let mistyped = StoredValueError.firstMistyped(
                                in: statement, of: "readings",
                                [
                                    (at, ReadingColumns.at, [SQLITE_INTEGER], "an integer"),
                                    (value, ReadingColumns.value, [SQLITE_INTEGER, SQLITE_FLOAT], "a number"),
                                    (qualityAt, ReadingColumns.quality, [SQLITE_INTEGER], "an integer"),
                                ])
                            throw ExportError(
                                .database, database.path, "reading of \(series.deviceId) \(series.channel): \(mistyped)"
                            )
                        }
                        let quality = Int(sqlite3_column_int(statement, qualityAt))
                        guard qualities.indices.contains(quality) else {
                            throw ExportError(
                                .database, database.path,
                                "reading of \(series.deviceId) \(series.channel) has unknown quality \(quality)")
                        }
                        row[0] = .time(sqlite3_column_int64(statement, at))
                        row[1] = device
                        row[2] = household
                        row[3] = .text(series.channel)
                        row[4] = .null
                        row[5] = .null
                        row[6] = .null
                        row[column] =
                            valueType == SQLITE_INTEGER
                            ? .integer(sqlite3_column_int64(statement, value))
                            : .real(sqlite3_column_double(statement, value))
                        row[7] = .text(qualities[quality])
                        try writer.write(row)
                        written += 1
                        progress.add()
                    }
                }
            }
        }
        return written
    }
}
