// export-bench: `village export` of interval rows against the sqlite3 command-line shell
// (`sqlite3 -csv`) running the same SELECT on the same file, in the same run.
//
//     swift run -c release export-bench [rows] [database path]      (from Benchmarks/)
//
// The database (56 households × 5 channels, 15-minute intervals, ~10 % estimated/missing) is built
// once with a raw insert loop and reused when it already holds `rows` rows. Each side runs in its own
// process, twice, alternating; the best time is reported. The shell runs the SELECT the rows are
// defined by (through the index on `start`), once with its default page cache and once with the
// export's 32 MiB; the export produces the same rows in the same order, reading each series' day
// along the primary key. Peak memory is the export process's getrusage maxrss.

import Export
import Foundation
import GRDBSQLite
import VillageCore
import VillageStore

let arguments = Array(CommandLine.arguments.dropFirst())

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
}

func check(_ code: Int32, _ db: OpaquePointer?, _ what: String) throws {
    guard code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW else {
        throw BenchFailure(description: "\(what): \(String(cString: sqlite3_errmsg(db)))")
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

let start: Int64 = 1_795_964_400
let channels = ["energy.import", "energy.export", "pv.generation", "water.volume", "heating.energy"]
let households = (0..<56).map { String(101 + $0) }
let seriesCount = households.count * channels.count

/// The range that holds exactly the first `rows` rows (whole quarter hours of all series).
func range(rows: Int) -> (from: Int64, to: Int64) {
    (start, start + Int64((rows + seriesCount - 1) / seriesCount) * TimeGrid.quarterHourSeconds)
}

// Child mode: run one export in this process and report rows, seconds and peak memory.
if arguments.first == "--child-export", arguments.count == 5, let from = Int64(arguments[2]),
    let to = Int64(arguments[3])
{
    let clock = ContinuousClock()
    var summary: ExportSummary?
    let elapsed = try clock.measure {
        summary = try Exporter().run(
            ExportRequest(
                databasePath: arguments[1], from: .absolute(from), to: .absolute(to), tables: [.intervals],
                resolution: .raw, format: .csv, overwrite: true, outputDirectory: arguments[4]))
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let file = summary?.files.first
    print("\(file?.rows ?? 0) \(seconds(elapsed)) \(usage.ru_maxrss) \(file?.bytes ?? 0)")
    exit(0)
}

let rowCount = arguments.first.flatMap { Int($0) } ?? 2_000_000
let databasePath =
    arguments.dropFirst().first
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("export-bench-\(rowCount).sqlite").path

/// Creates the store and fills it with `rowCount` intervals unless it already holds them.
func prepareDatabase() async throws {
    if FileManager.default.fileExists(atPath: databasePath) {
        var db: OpaquePointer?
        try check(sqlite3_open_v2(databasePath, &db, SQLITE_OPEN_READONLY, nil), db, "open")
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM intervals", -1, &statement, nil), db, "count")
        try check(sqlite3_step(statement), db, "count")
        let count = sqlite3_column_int64(statement, 0)
        sqlite3_finalize(statement)
        sqlite3_close(db)
        if count == rowCount { return }
        try FileManager.default.removeItem(atPath: databasePath)
    }
    let store = try VillageStore(path: databasePath)
    try await store.register(
        site: SiteRecord(id: "bench", name: "bench"), households: households.map(HouseholdRecord.init),
        devices: households.map { DeviceRecord(id: "\($0)-meter", householdId: $0, kind: "meter", profile: "bench") })
    var db: OpaquePointer?
    try check(sqlite3_open(databasePath, &db), db, "open")
    defer { sqlite3_close(db) }
    var insert: OpaquePointer?
    try check(
        sqlite3_prepare_v2(
            db,
            "INSERT INTO intervals (owner_kind, owner_id, channel, start, value, quality, gap_seconds) VALUES ('household', ?, ?, ?, ?, ?, ?)",
            -1, &insert, nil), db, "prepare")
    defer { sqlite3_finalize(insert) }
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    var generator: UInt64 = 0x1234_5678
    try check(sqlite3_exec(db, "BEGIN", nil, nil, nil), db, "begin")
    for row in 0..<rowCount {
        let series = row % seriesCount
        generator = generator &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let roll = Int(generator >> 33) % 100
        sqlite3_reset(insert)
        sqlite3_bind_text(insert, 1, households[series / channels.count], -1, transient)
        sqlite3_bind_text(insert, 2, channels[series % channels.count], -1, transient)
        sqlite3_bind_int64(insert, 3, start + Int64(row / seriesCount) * TimeGrid.quarterHourSeconds)
        sqlite3_bind_int64(insert, 4, Int64(generator >> 40) % 2_000)
        sqlite3_bind_int(insert, 5, roll < 5 ? 0 : roll < 12 ? 1 : 2)
        if roll < 12 { sqlite3_bind_int64(insert, 6, 600 + Int64(roll) * 100) } else { sqlite3_bind_null(insert, 6) }
        try check(sqlite3_step(insert), db, "insert")
        if row % 500_000 == 499_999 {
            try check(sqlite3_exec(db, "COMMIT; BEGIN", nil, nil, nil), db, "commit")
        }
    }
    try check(sqlite3_exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", nil, nil, nil), db, "commit")
}

func runProcess(_ executable: String, _ arguments: [String], stdout: FileHandle? = nil) throws -> (Double, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = stdout ?? pipe
    let clock = ContinuousClock()
    let began = clock.now
    try process.run()
    let output = stdout == nil ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
    process.waitUntilExit()
    let elapsed = seconds(clock.now - began)
    guard process.terminationStatus == 0 else {
        throw BenchFailure(description: "\(executable) exited with \(process.terminationStatus)")
    }
    return (elapsed, String(decoding: output, as: UTF8.self))
}

let preparationClock = ContinuousClock()
let preparation = try await preparationClock.measure { try await prepareDatabase() }
let (from, to) = range(rows: rowCount)
print(
    "database: \(rowCount) interval rows in \(databasePath) (ready in \(String(format: "%.1f", seconds(preparation))) s)"
)

let work = FileManager.default.temporaryDirectory.appendingPathComponent("export-bench-out-\(getpid())")
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }
let sqlite3 = "/usr/bin/sqlite3"
let query = IntervalSourceQuery.sql(from: from, to: to)
let selfPath = URL(fileURLWithPath: CommandLine.arguments[0]).path

var bestSQLite = Double.infinity
var bestTunedSQLite = Double.infinity
var bestExport = Double.infinity
var exportRows = 0
var peakKilobytes = 0
var exportBytes: Int64 = 0
var sqliteBytes: Int64 = 0
for round in 1...2 {
    let csvPath = work.appendingPathComponent("sqlite3.csv").path
    _ = FileManager.default.createFile(atPath: csvPath, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: csvPath))
    let (sqliteSeconds, _) = try runProcess(
        sqlite3, ["-readonly", "-csv", "-header", databasePath, query], stdout: handle)
    try handle.close()
    sqliteBytes = (try FileManager.default.attributesOfItem(atPath: csvPath)[.size] as? NSNumber)?.int64Value ?? 0
    bestSQLite = min(bestSQLite, sqliteSeconds)

    // The shell again with the page cache the export uses, to separate the cache from the access path.
    let tunedHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: csvPath))
    let (tunedSeconds, _) = try runProcess(
        sqlite3, ["-readonly", "-csv", "-header", "-cmd", "PRAGMA cache_size = -32768", databasePath, query],
        stdout: tunedHandle)
    try tunedHandle.close()
    bestTunedSQLite = min(bestTunedSQLite, tunedSeconds)

    let out = work.appendingPathComponent("export").path
    let (_, report) = try runProcess(selfPath, ["--child-export", databasePath, String(from), String(to), out])
    let fields = report.split(separator: " ").map(String.init)
    guard fields.count == 4, let rows = Int(fields[0]), let elapsed = Double(fields[1]),
        let rss = Int(fields[2].trimmingCharacters(in: .whitespacesAndNewlines))
    else {
        throw BenchFailure(description: "unexpected child report: \(report)")
    }
    exportRows = rows
    exportBytes = Int64(fields[3].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    bestExport = min(bestExport, elapsed)
    peakKilobytes = max(peakKilobytes, rss)
    print(
        String(
            format: "round %d: sqlite3 -csv %.2f s, with 32 MiB cache %.2f s, village export %.2f s (%d rows)", round,
            sqliteSeconds, tunedSeconds, elapsed, rows))
}
print(
    String(
        format: "sqlite3 -csv:   %.2f s, %.0f rows/s, %.0f MB", bestSQLite, Double(rowCount) / bestSQLite,
        Double(sqliteBytes) / 1e6))
print(
    String(
        format: "sqlite3 -csv, 32 MiB page cache: %.2f s, %.0f rows/s", bestTunedSQLite,
        Double(rowCount) / bestTunedSQLite))
print(
    String(
        format: "village export: %.2f s, %.0f rows/s, %.0f MB (ISO 8601 times, units, quality names)", bestExport,
        Double(exportRows) / bestExport, Double(exportBytes) / 1e6))
print(
    String(
        format:
            "ratio sqlite3 time / export time: %.2f (>= 1 means the export is at least as fast); with the same cache: %.2f",
        bestSQLite / bestExport, bestTunedSQLite / bestExport))
print("peak memory of the export process (maxrss): \(peakKilobytes / 1024) MB")
