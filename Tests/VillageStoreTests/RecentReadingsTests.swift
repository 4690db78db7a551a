import Foundation
import GRDB
import Testing

@testable import VillageStore

/// New readings land in `recent_readings` (ordered by time) and move to `readings` (ordered by
/// series) once their quarter hour is over: queries see both, replays are still recognised, and a
/// poll cycle's commit writes a few pages however many series it adds to.
@Suite struct RecentReadingsTests {
    static func reading(_ device: String, _ channel: MeteringChannel, _ offset: Int64, _ value: Int64) -> RawReading {
        RawReading(deviceId: device, channel: channel, timestamp: seoulMidnight + offset, value: .integer(value))
    }

    /// Rows in `readings` and in `recent_readings`, read through a connection of the test's own.
    static func tableCounts(_ path: String) throws -> (moved: Int, recent: Int) {
        try DatabaseQueue(path: path).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM readings") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM recent_readings") ?? -1
            )
        }
    }

    @Test func aQuarterHoursReadingsMoveOnceTheNextQuarterBegins() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let path = directory.path("village.sqlite")
        let firstQuarter = [0, 300, 600, 899].flatMap { offset in
            [
                Self.reading("101-elec", .energyImport, offset, offset),
                Self.reading("ess", .essCharge, offset, 2 * offset),
            ]
        }
        #expect(try await store.record(readings: firstQuarter).readingsInserted == 8)
        #expect(try Self.tableCounts(path) == (0, 8))
        let before = try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max)

        // The first reading of the next quarter hour moves the whole of the last one.
        #expect(
            try await store.record(readings: [Self.reading("101-elec", .energyImport, 900, 900)]).readingsInserted == 1)
        #expect(try Self.tableCounts(path) == (8, 1))
        let after = try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max)
        #expect(after == before + [Self.reading("101-elec", .energyImport, 900, 900)])
        #expect(after.map(\.timestamp) == [0, 300, 600, 899, 900].map { seoulMidnight + $0 })
        // A range across both tables, half-open as always.
        #expect(
            try await store.readings(
                deviceId: "101-elec", channel: .energyImport, from: seoulMidnight + 600, to: seoulMidnight + 901
            ).map(\.timestamp) == [600, 899, 900].map { seoulMidnight + $0 })
    }

    @Test func aReplayAfterTheMoveStoresNothingAndCountsNoTemperatureTwice() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let path = directory.path("village.sqlite")
        let batch = [0, 300, 600].flatMap { offset in
            [
                Self.reading("101-elec", .energyImport, offset, offset),
                RawReading(
                    deviceId: "ess", channel: .outdoorTemperature, timestamp: seoulMidnight + offset,
                    value: .real(Double(offset) / 100)),
            ]
        }
        try await store.record(readings: batch)
        try await store.record(readings: [Self.reading("101-elec", .energyImport, 1800, 1800)])
        #expect(try Self.tableCounts(path) == (6, 1))
        let temperatures = try await store.outdoorTemperatureIntervals(from: seoulMidnight, to: seoulMidnight + 900)

        // The batch again, now that it lives in `readings`: nothing new, the means unchanged.
        #expect(try await store.record(readings: batch).readingsInserted == 0)
        #expect(try Self.tableCounts(path) == (6, 1))
        #expect(
            try await store.outdoorTemperatureIntervals(from: seoulMidnight, to: seoulMidnight + 900) == temperatures)
        #expect(temperatures.first?.samples == 3)
    }

    @Test func aLateReadingIsStoredOnceAndMovedAtOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let path = directory.path("village.sqlite")
        try await store.record(readings: [0, 600, 900].map { Self.reading("102-elec", .energyImport, $0, $0) })
        #expect(try Self.tableCounts(path) == (2, 1))
        // A reading from the quarter already moved, never stored before (a backfill): stored, and
        // moved with that commit, so that `recent_readings` keeps only the current quarter.
        let late = Self.reading("102-elec", .energyImport, 300, 300)
        #expect(try await store.record(readings: [late]).readingsInserted == 1)
        #expect(try Self.tableCounts(path) == (3, 1))
        #expect(try await store.record(readings: [late]).readingsInserted == 0)
        #expect(
            try await store.readings(deviceId: "102-elec", channel: .energyImport, from: 0, to: .max).map(\.timestamp)
                == [0, 300, 600, 900].map { seoulMidnight + $0 })
    }

    /// A collector starting up moves everything, so that its replays read `readings` by key.
    @Test func movingEverythingLeavesTheCurrentIntervalKnown() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let path = directory.path("village.sqlite")
        try await store.record(readings: [0, 300].map { Self.reading("101-elec", .energyImport, $0, $0) })
        try await store.moveRecentReadings()
        #expect(try Self.tableCounts(path) == (2, 0))
        try await store.moveRecentReadings()
        #expect(
            try await store.record(readings: [Self.reading("101-elec", .energyImport, 300, 300)]).readingsInserted == 0)
        #expect(
            try await store.record(readings: [Self.reading("101-elec", .energyImport, 600, 600)]).readingsInserted == 1)
        #expect(try Self.tableCounts(path) == (2, 1))
        #expect(
            try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max).map(\.timestamp)
                == [0, 300, 600].map { seoulMidnight + $0 })
    }

    @Test func pruningRemovesOldReadingsFromBothTables() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let path = directory.path("village.sqlite")
        try await store.record(readings: [0, 600, 900, 1000].map { Self.reading("101-elec", .energyImport, $0, $0) })
        #expect(try Self.tableCounts(path) == (2, 2))
        #expect(try await store.prune(olderThan: seoulMidnight + 950) == 3)
        #expect(try Self.tableCounts(path) == (0, 1))
        #expect(
            try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max).map(\.timestamp)
                == [seoulMidnight + 1000])
    }

    /// 600 series with a quarter hour of readings each (about a leaf page per series in `readings`),
    /// then one poll cycle: its commit adds a few pages to the WAL, where a table ordered by series
    /// would have written one per series.
    @Test func aPollCycleOfManySeriesWritesAFewPages() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let path = directory.path("village.sqlite")
        let series = devices.flatMap { device in
            (0..<150).map { (device.id, MeteringChannel(rawValue: "probe.c\($0)")) }
        }
        func cycle(_ offset: Int64) -> [RawReading] {
            series.map {
                RawReading(deviceId: $0.0, channel: $0.1, timestamp: seoulMidnight + offset, value: .integer(offset))
            }
        }
        for start in stride(from: Int64(0), to: 900, by: 90) {
            try await store.record(readings: stride(from: start, to: start + 90, by: 3).flatMap(cycle))
        }
        try await store.record(readings: cycle(900))
        #expect(try Self.tableCounts(path) == (600 * 300, 600))

        let queue = try DatabaseQueue(path: path)
        let emptied = try await queue.writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        #expect(emptied?[0] as Int? == 0)
        try await store.record(readings: cycle(903))
        let frames = try await queue.writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")?[1] as Int?
        }
        let written = try #require(frames)
        #expect(written > 0 && written < 40, "the cycle's commit wrote \(written) pages")
    }

    /// A store written before `recent_readings` existed: its readings stay where they are, the
    /// bound is set past the newest of them, and a replay of one of them is still known.
    @Test func aStoreFromBeforeKeepsItsReadingsAndRecognisesThem() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v14-posting-range-check")
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO sites (id, name, time_zone) VALUES ('eco-delta', 'Eco Delta', 'Asia/Seoul')")
            try db.execute(sql: "INSERT INTO households (unit_id, site_id) VALUES ('101', 'eco-delta')")
            try db.execute(
                sql: """
                    INSERT INTO devices (id, site_id, household_id, kind, profile)
                    VALUES ('101-elec', 'eco-delta', '101', 'electricity-meter', 'generic-meter')
                    """)
            try db.execute(
                sql: "INSERT INTO reading_series (id, device_id, channel) VALUES (1, '101-elec', 'energy.import')")
            for offset in [0, 10, 20] as [Int64] {
                try db.execute(
                    sql: "INSERT INTO readings (series_id, at, value, quality) VALUES (1, ?, ?, 0)",
                    arguments: [seoulMidnight + offset, offset])
            }
        }
        try queue.close()
        let store = try VillageStore(path: path)
        #expect(
            try await store.record(readings: [Self.reading("101-elec", .energyImport, 10, 10)]).readingsInserted == 0)
        #expect(
            try await store.record(readings: [Self.reading("101-elec", .energyImport, 30, 30)]).readingsInserted == 1)
        #expect(
            try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max).map(\.timestamp)
                == [0, 10, 20, 30].map { seoulMidnight + $0 })
        #expect(try Self.tableCounts(path) == (3, 1))
    }
}
