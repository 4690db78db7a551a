import Foundation
import GRDB
import GRDBSQLite

/// The `intervals` table: 15-minute energies and volumes with quality flags, their sums per local
/// hour or day, or (with `--min-group`) sums over households.
///
/// Rows are read one local day at a time in (start, owner, channel) order through the store's index
/// on `start`, and written as they come.
struct IntervalSource: ExportSource {
    let table = ExportTable.intervals

    static let selectSQL = """
        SELECT owner_kind, owner_id, channel, start, value, quality, gap_seconds FROM intervals
        WHERE start >= ?1 AND start < ?2 ORDER BY start, owner_kind, owner_id, channel
        """

    func availability(in database: ExportDatabase, settings: ExportSettings) -> SourceAvailability { .available }

    func schema(settings: ExportSettings) -> TableSchema {
        let measurement = { (idFields: [String]) in
            EntityShape(
                type: "DeviceMeasurement", idFields: idFields, valueFields: ["energy_wh", "volume_l"],
                propertyField: "channel", observedField: "end")
        }
        if let minimum = settings.minimumGroupSize {
            return TableSchema(
                table: table,
                description: "Energies and volumes summed over at least \(minimum) households per channel and "
                    + "\(settings.resolution == .day ? "local day" : settings.resolution == .hour ? "local hour" : "15-minute interval"); "
                    + "periods with fewer households are left out.",
                fields: IntervalFields.perGroup, entity: measurement(["channel", "start"]))
        }
        if settings.resolution.bucketSeconds != nil {
            return TableSchema(
                table: table,
                description: "Sums of 15-minute interval energies and volumes per owner, channel and local "
                    + "\(settings.resolution == .day ? "day" : "hour") (never averages of counters), with the count of "
                    + "measured, estimated and missing intervals in each sum.",
                fields: IntervalFields.perBucket, entity: measurement(["owner_kind", "owner_id", "channel", "start"]))
        }
        return TableSchema(
            table: table,
            description: "Energy or volume of each owner and channel in each 15-minute interval (aligned to the site's "
                + "local quarter hours), with its quality flag.",
            fields: IntervalFields.perInterval, entity: measurement(["owner_kind", "owner_id", "channel", "start"]))
    }

    func estimatedRowCount(in database: ExportDatabase, settings: ExportSettings) throws(ExportError) -> Int? {
        let count = try database.read("count intervals") { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM intervals WHERE start >= ? AND start < ?",
                arguments: [settings.from, settings.to])
        }
        guard let count, let bucket = settings.resolution.bucketSeconds else { return count }
        return count * Int(settings.intervalSeconds) / Int(bucket)
    }

    func export(
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter,
        progress: ProgressCounter
    ) throws(ExportError) -> Int {
        if let minimum = settings.minimumGroupSize {
            return try exportGroups(
                minimum: minimum, from: database, settings: settings, into: writer, progress: progress)
        }
        if let bucketSeconds = settings.resolution.bucketSeconds {
            return try exportSums(
                bucketSeconds: bucketSeconds, from: database, settings: settings, into: writer, progress: progress)
        }
        return try exportIntervals(from: database, settings: settings, into: writer, progress: progress)
    }

    /// What ``scan(_:_:_:afterWindow:)`` calls for each stored interval: the series' number and
    /// series, start, value, quality rank and gap.
    private typealias Handler = (Int, IntervalSeries, Int64, Int64, Int32, Int64?) throws(ExportError) -> Void

    /// `--min-group`: sums over at least `minimum` households per channel and period.
    private func exportGroups(
        minimum: Int, from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter,
        progress: ProgressCounter
    ) throws(ExportError) -> Int {
        var written = 0
        var row = [ExportValue](repeating: .null, count: schema(settings: settings).fields.count)
        let handler: Handler
        // Group rows: one accumulator per channel, counting distinct households.
        var channels: [String] = []
        var channelIndex: [String: Int] = [:]
        let aggregator = IntervalAggregator(
            bucketSeconds: settings.resolution.bucketSeconds ?? settings.intervalSeconds, settings: settings
        ) { (start, end, slots, accumulators) throws(ExportError) in
            for key in accumulators.keys.sorted(by: { channels[$0] < channels[$1] }) {
                guard let sum = accumulators[key], sum.households.count >= minimum else { continue }
                let volume = Channels.isVolume(channels[key])
                row[0] = .time(start)
                row[1] = .time(end)
                row[2] = .text(channels[key])
                row[3] = .integer(Int64(sum.households.count))
                row[4] = volume ? .null : .integer(sum.valueSum)
                row[5] = volume ? .integer(sum.valueSum) : .null
                row[6] = .integer(Int64(sum.measured))
                row[7] = .integer(Int64(sum.estimated))
                row[8] = .integer(max(0, Int64(sum.households.count) * slots - Int64(sum.measured + sum.estimated)))
                try writer.write(row)
                written += 1
                progress.add()
            }
        }
        var householdIndex: [String: Int] = [:]
        handler = { (_, series, start, value, rank, _) throws(ExportError) in
            guard let household = series.householdId else { return }
            let key: Int
            if let known = channelIndex[series.channel] {
                key = known
            } else {
                key = channels.count
                channels.append(series.channel)
                channelIndex[series.channel] = key
            }
            let householdKey: Int
            if let known = householdIndex[household] {
                householdKey = known
            } else {
                householdKey = householdIndex.count
                householdIndex[household] = householdKey
            }
            try aggregator.add(key: key, household: householdKey, start: start, value: value, qualityRank: rank)
        }
        try scan(database, settings, handler, afterWindow: { () throws(ExportError) in try aggregator.flush() })
        return written
    }

    /// `--resolution 1h`/`1d`: sums per owner, channel and local hour or day.
    private func exportSums(
        bucketSeconds: Int64, from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter,
        progress: ProgressCounter
    ) throws(ExportError) -> Int {
        var written = 0
        var row = [ExportValue](repeating: .null, count: schema(settings: settings).fields.count)
        let handler: Handler
        // Series numbers follow the primary key, so sorting them sorts by owner and channel.
        var seen: [Int: IntervalSeries] = [:]
        let aggregator = IntervalAggregator(bucketSeconds: bucketSeconds, settings: settings) {
            (start, end, slots, accumulators) throws(ExportError) in
            for key in accumulators.keys.sorted() {
                guard let sum = accumulators[key], let series = seen[key] else { continue }
                row[0] = .time(start)
                row[1] = .time(end)
                row[2] = .text(series.ownerKind)
                row[3] = .text(series.ownerLabel)
                row[4] = .text(series.channel)
                row[5] = series.isVolume ? .null : .integer(sum.valueSum)
                row[6] = series.isVolume ? .integer(sum.valueSum) : .null
                row[7] = .integer(Int64(sum.measured))
                row[8] = .integer(Int64(sum.estimated))
                row[9] = .integer(max(0, slots - Int64(sum.measured + sum.estimated)))
                try writer.write(row)
                written += 1
                progress.add()
            }
        }
        handler = { (index, series, start, value, rank, _) throws(ExportError) in
            if seen[index] == nil { seen[index] = series }
            try aggregator.add(key: index, household: nil, start: start, value: value, qualityRank: rank)
        }
        try scan(database, settings, handler, afterWindow: { () throws(ExportError) in try aggregator.flush() })
        return written
    }

    /// `--resolution raw`/`15m`: every stored interval as it is.
    private func exportIntervals(
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter,
        progress: ProgressCounter
    ) throws(ExportError) -> Int {
        var written = 0
        var row = [ExportValue](repeating: .null, count: schema(settings: settings).fields.count)
        let handler: Handler
        let interval = settings.intervalSeconds
        handler = { (_, series, start, value, rank, gap) throws(ExportError) in
            row[0] = .time(start)
            row[1] = .time(start + interval)
            row[2] = .text(series.ownerKind)
            row[3] = .text(series.ownerLabel)
            row[4] = .text(series.channel)
            row[5] = series.isVolume ? .null : .integer(value)
            row[6] = series.isVolume ? .integer(value) : .null
            row[7] = .text(Channels.qualityName(rank: rank) ?? "missing")
            row[8] = rank == 2 ? .null : gap.map(ExportValue.integer) ?? .null
            try writer.write(row)
            written += 1
            progress.add()
        }
        try scan(database, settings, handler, afterWindow: {})
        return written
    }

    /// Every (owner, channel) series in the store, in primary-key order, by one index seek per
    /// series (a skip scan) rather than a pass over the table.
    private func seriesList(_ database: ExportDatabase, _ settings: ExportSettings) throws(ExportError)
        -> [IntervalSeries]
    {
        try database.read("interval series") { db in
            var result: [IntervalSeries] = []
            var last: (String, String, String)? = nil
            let first = try db.makeStatement(
                sql:
                    "SELECT owner_kind, owner_id, channel FROM intervals ORDER BY owner_kind, owner_id, channel LIMIT 1"
            )
            let next = try db.makeStatement(
                sql: """
                    SELECT owner_kind, owner_id, channel FROM intervals WHERE (owner_kind, owner_id, channel) > (?, ?, ?)
                    ORDER BY owner_kind, owner_id, channel LIMIT 1
                    """)
            while true {
                let found: SeriesKeyRow?
                if let last {
                    found = try SeriesKeyRow.fetchOne(next, arguments: [last.0, last.1, last.2])
                } else {
                    found = try SeriesKeyRow.fetchOne(first)
                }
                guard let found else { break }
                let key = (found.ownerKind, found.ownerId, found.channel)
                result.append(IntervalSeries(kind: key.0, id: key.1, channel: key.2, settings: settings))
                last = key
            }
            return result
        }
    }

    /// Steps through the intervals of the range, one local day per read transaction, in
    /// (start, owner kind, owner id, channel) order.
    ///
    /// Each series' day is read along the primary key (sequential leaf pages), then the day is put
    /// in time order in memory (one day of one village: tens of thousands of rows). Reading through
    /// the index on `start` instead costs a primary-key lookup per row, about three times as much.
    private func scan(
        _ database: ExportDatabase, _ settings: ExportSettings,
        _ handler: (Int, IntervalSeries, Int64, Int64, Int32, Int64?) throws(ExportError) -> Void,
        afterWindow: () throws(ExportError) -> Void
    ) throws(ExportError) {
        let series = try seriesList(database, settings)
        var day = DayBuffer()
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for window in settings.dayWindows {
            day.removeAll()
            try database.read("intervals") { db in
                let prepared = try db.cachedStatement(sql: Self.seriesDaySQL)
                // Positions by name, once per statement: the loop below reads SQLite's columns directly.
                let startAt = Int32(try prepared.position(of: SeriesDayColumns.start, in: "intervals"))
                let valueAt = Int32(try prepared.position(of: SeriesDayColumns.value, in: "intervals"))
                let qualityAt = Int32(try prepared.position(of: SeriesDayColumns.quality, in: "intervals"))
                let gapAt = Int32(try prepared.position(of: SeriesDayColumns.gapSeconds, in: "intervals"))
                let statement = prepared.sqliteStatement
                defer { sqlite3_reset(statement) }
                for (index, entry) in series.enumerated() where entry.included {
                    sqlite3_reset(statement)
                    sqlite3_bind_text(statement, 1, entry.ownerKind, -1, transient)
                    sqlite3_bind_text(statement, 2, entry.ownerId, -1, transient)
                    sqlite3_bind_text(statement, 3, entry.channel, -1, transient)
                    sqlite3_bind_int64(statement, 4, window.start)
                    sqlite3_bind_int64(statement, 5, window.end)
                    while true {
                        let code = sqlite3_step(statement)
                        if code == SQLITE_DONE { break }
                        guard code == SQLITE_ROW else {
                            throw db.exportError(code, "reading intervals", path: database.path)
                        }
                        // sqlite3_column_int64 reads NULL and text as 0: a value of another type is refused.
                        let gapType = sqlite3_column_type(statement, gapAt)
                        guard sqlite3_column_type(statement, startAt) == SQLITE_INTEGER,
                            sqlite3_column_type(statement, valueAt) == SQLITE_INTEGER,
                            sqlite3_column_type(statement, qualityAt) == SQLITE_INTEGER,
                            gapType == SQLITE_INTEGER || gapType == SQLITE_NULL
                        else {
                            let mistyped = StoredValueError.firstMistyped(
                                in: statement, of: "intervals",
                                [
                                    (startAt, SeriesDayColumns.start, [SQLITE_INTEGER], "an integer"),
                                    (valueAt, SeriesDayColumns.value, [SQLITE_INTEGER], "an integer"),
                                    (qualityAt, SeriesDayColumns.quality, [SQLITE_INTEGER], "an integer"),
                                    (
                                        gapAt, SeriesDayColumns.gapSeconds, [SQLITE_INTEGER, SQLITE_NULL],
                                        "an integer or NULL"
                                    ),
                                ])
                            throw ExportError(
                                .database, database.path,
                                "interval \(entry.ownerKind):\(entry.ownerId) \(entry.channel): \(mistyped)")
                        }
                        let rank = sqlite3_column_int(statement, qualityAt)
                        guard Channels.qualityName(rank: rank) != nil else {
                            throw ExportError(
                                .database, database.path,
                                "interval \(entry.ownerKind):\(entry.ownerId) \(entry.channel) has unknown quality \(rank)"
                            )
                        }
                        day.append(
                            start: sqlite3_column_int64(statement, startAt), series: Int32(index),
                            value: sqlite3_column_int64(statement, valueAt), rank: rank,
                            gap: gapType == SQLITE_NULL ? -1 : sqlite3_column_int64(statement, gapAt))
                    }
                }
            }
            for position in day.timeOrder() {
                let entry = day.rows[position]
                try handler(
                    Int(entry.series), series[Int(entry.series)], entry.start, entry.value, entry.rank,
                    entry.gap < 0 ? nil : entry.gap)
            }
            try afterWindow()
        }
    }

    /// The columns of ``seriesDaySQL``.
    private enum SeriesDayColumns {
        static let start = Column("start")
        static let value = Column("value")
        static let quality = Column("quality")
        static let gapSeconds = Column("gap_seconds")
    }

    static let seriesDaySQL = """
        SELECT start, value, quality, gap_seconds FROM intervals
        WHERE owner_kind = ?1 AND owner_id = ?2 AND channel = ?3 AND start >= ?4 AND start < ?5 ORDER BY start
        """
}

/// One (owner, channel) series of `intervals`: its primary key without the time.
private struct SeriesKeyRow: FetchableRecord, TableRecord {
    static let databaseTableName = "intervals"
    enum Columns {
        static let ownerKind = Column("owner_kind")
        static let ownerId = Column("owner_id")
        static let channel = Column("channel")
    }

    var ownerKind: String
    var ownerId: String
    var channel: String

    init(row: Row) throws {
        ownerKind = try row.text(Columns.ownerKind, of: Self.databaseTableName)
        ownerId = try row.text(Columns.ownerId, of: Self.databaseTableName)
        channel = try row.text(Columns.channel, of: Self.databaseTableName)
    }
}
