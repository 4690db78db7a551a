// store-bench: ingest of raw readings through VillageStore against a raw sqlite3 prepared-insert
// loop on the same schema, file settings and batch size, in the same run.
//
//     swift run -c release store-bench [rows] [batch]      (from Benchmarks/)
//
// Both sides write to a fresh file in WAL mode with synchronous=NORMAL, one transaction per batch,
// rows spread over 280 series (56 households × 5 meters) at 10 s steps. Both write as the store's
// schema has it: new readings into `recent_readings`, and in the transaction of the first batch of
// a new quarter hour the finished ones moved to `readings`, sorted by series. The store maps
// (device, channel) names to series ids itself; the raw loop is given the ids. Best of three
// alternating rounds is reported.

import Foundation
import GRDBSQLite
import VillageStore

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let rowCount = arguments.first ?? 2_000_000
let batchSize = arguments.dropFirst().first ?? 10_000
let rounds = 3

let channels: [MeteringChannel] = [.energyImport, .water, .heating, .cooling, .hotWater]
let households = (0..<56).map { HouseholdRecord(unitId: String(101 + $0)) }
let devices = households.flatMap { household in
    channels.map { channel in
        DeviceRecord(
            id: "\(household.unitId)-\(channel.rawValue)", householdId: household.unitId, kind: "meter",
            profile: "bench")
    }
}
let seriesCount = devices.count
let start: Int64 = 1_795_964_400

/// The i-th reading: series i mod S at 10 s steps, a counter that grows by a little each step.
func series(of row: Int) -> Int { row % seriesCount }
func timestamp(of row: Int) -> Int64 { start + Int64(row / seriesCount) * 10 }
func value(of row: Int) -> Int64 { Int64(row / seriesCount) * 3 + Int64(row % 7) }

let readings: [RawReading] = (0..<rowCount).map { row in
    let device = devices[series(of: row)]
    return RawReading(
        deviceId: device.id, channel: channels[series(of: row) % channels.count], timestamp: timestamp(of: row),
        value: .integer(value(of: row)))
}

/// A fresh store file with the site registered and one warm-up reading per series (so both sides
/// start with every series row present).
func prepareFile(_ path: String) async throws -> VillageStore {
    let store = try VillageStore(path: path)
    try await store.register(site: SiteRecord(id: "bench", name: "bench"), households: households, devices: devices)
    try await store.record(
        readings: (0..<seriesCount).map { index in
            RawReading(
                deviceId: devices[index].id, channel: channels[index % channels.count], timestamp: start - 10,
                value: .integer(0))
        })
    return store
}

func rowsPerSecond(_ duration: Duration) -> Double {
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    return Double(rowCount) / seconds
}

func runStore(_ path: String) async throws -> Double {
    let store = try await prepareFile(path)
    // Batches are cut before the clock starts: a collector builds its batch as it polls.
    let batches = stride(from: 0, to: readings.count, by: batchSize).map {
        Array(readings[$0..<min($0 + batchSize, readings.count)])
    }
    let clock = ContinuousClock()
    let elapsed = try await clock.measure {
        for batch in batches {
            try await store.record(readings: batch)
        }
    }
    return rowsPerSecond(elapsed)
}

struct SQLiteFailure: Error, CustomStringConvertible {
    var description: String
}

func check(_ code: Int32, _ db: OpaquePointer?, _ what: String) throws {
    guard code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW else {
        throw SQLiteFailure(description: "\(what): \(String(cString: sqlite3_errmsg(db)))")
    }
}

func runRaw(_ path: String) async throws -> Double {
    _ = try await prepareFile(path)  // same schema, same series rows; closed when released
    var db: OpaquePointer?
    // Multi-thread mode, as GRDB opens its connections: no mutex around every call.
    try check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil), db, "open")
    defer { sqlite3_close_v2(db) }
    try check(
        sqlite3_exec(
            db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", nil, nil, nil), db,
        "pragmas")

    // Series ids in the order the rows use them.
    var ids = [Int64](repeating: 0, count: seriesCount)
    var query: OpaquePointer?
    try check(
        sqlite3_prepare_v2(db, "SELECT id FROM reading_series WHERE device_id = ? AND channel = ?", -1, &query, nil),
        db, "prepare")
    for index in 0..<seriesCount {
        sqlite3_reset(query)
        _ = devices[index].id.withCString {
            sqlite3_bind_text(query, 1, $0, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        _ = channels[index % channels.count].rawValue.withCString {
            sqlite3_bind_text(query, 2, $0, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        try check(sqlite3_step(query), db, "series lookup")
        ids[index] = sqlite3_column_int64(query, 0)
    }
    sqlite3_finalize(query)

    var insert: OpaquePointer?
    try check(
        sqlite3_prepare_v2(
            db, "INSERT OR IGNORE INTO recent_readings (series_id, at, value, quality) VALUES (?, ?, ?, ?)", -1,
            &insert, nil),
        db, "prepare insert")
    defer { sqlite3_finalize(insert) }
    let moves = [
        """
        INSERT OR IGNORE INTO readings (series_id, at, value, quality)
            SELECT series_id, at, value, quality FROM recent_readings WHERE at < ?1 ORDER BY series_id, at
        """,
        "DELETE FROM recent_readings WHERE at < ?1",
        "UPDATE reading_moves SET moved_before = ?1 WHERE id = 1",
    ].map { sql in
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        return statement
    }
    defer { for statement in moves { sqlite3_finalize(statement) } }
    var bound: OpaquePointer?
    try check(sqlite3_prepare_v2(db, "SELECT moved_before FROM reading_moves", -1, &bound, nil), db, "prepare bound")
    try check(sqlite3_step(bound), db, "moved_before")
    var movedBefore = sqlite3_column_int64(bound, 0)
    sqlite3_finalize(bound)
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
        var row = 0
        while row < rowCount {
            let end = min(row + batchSize, rowCount)
            try check(sqlite3_exec(db, "BEGIN", nil, nil, nil), db, "begin")
            while row < end {
                sqlite3_bind_int64(insert, 1, ids[series(of: row)])
                sqlite3_bind_int64(insert, 2, timestamp(of: row))
                sqlite3_bind_int64(insert, 3, value(of: row))
                sqlite3_bind_int64(insert, 4, 0)
                try check(sqlite3_step(insert), db, "insert")
                sqlite3_reset(insert)
                row += 1
            }
            let newest = timestamp(of: end - 1)
            let currentStart = newest - newest % 900
            if currentStart > movedBefore {
                for statement in moves {
                    sqlite3_bind_int64(statement, 1, currentStart)
                    try check(sqlite3_step(statement), db, "move")
                    sqlite3_reset(statement)
                }
                movedBefore = currentStart
            }
            try check(sqlite3_exec(db, "COMMIT", nil, nil, nil), db, "commit")
        }
    }
    return rowsPerSecond(elapsed)
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

var bestRaw = 0.0
var bestStore = 0.0
for round in 1...rounds {
    let raw = try await runRaw(directory.appendingPathComponent("raw-\(round).sqlite").path)
    let store = try await runStore(directory.appendingPathComponent("store-\(round).sqlite").path)
    print("round \(round): raw \(Int(raw)) rows/s, store \(Int(store)) rows/s (\(Int(100 * store / raw)) %)")
    bestRaw = max(bestRaw, raw)
    bestStore = max(bestStore, store)
}
print("rows \(rowCount), batch \(batchSize), series \(seriesCount), SQLite \(String(cString: sqlite3_libversion()))")
print("raw sqlite3 loop: \(Int(bestRaw)) rows/s")
print("VillageStore:     \(Int(bestStore)) rows/s")
print(String(format: "ratio store/raw:  %.1f %%", 100 * bestStore / bestRaw))
