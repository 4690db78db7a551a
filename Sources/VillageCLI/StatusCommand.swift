import ArgumentParser
import Foundation
import VillageStore

/// `village status`: where each part of the platform has got to, from the database.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the last poll and closed interval, and the devices that are offline."
    )

    @Option(help: "SQLite database of the village.")
    var db = "village.sqlite"

    @Flag(help: "Print JSON instead of text.")
    var json = false

    struct Report: Encodable {
        var database: String
        var lastPoll: String?
        var lastClosedInterval: String?
        var devices: Int
        var devicesOffline: [String]
        var lastErrors: [String: String]
    }

    func run() async throws {
        guard FileManager.default.fileExists(atPath: db) else {
            throw CommandError("no database at \(db): run `village collect --db \(db)` or `village demo` first")
        }
        let store = try VillageStore(path: db)
        let health = try await store.health()
        let offline = health.filter { $0.state == .offline }
        let report = Report(
            database: db,
            lastPoll: try await store.lastPollTimestamp().map(LocalTime.format),
            lastClosedInterval: try await store.lastIntervalStart().map { "\(LocalTime.format($0)) – \(LocalTime.format($0 + 900))" },
            devices: health.count,
            devicesOffline: offline.map(\.deviceId).sorted(),
            lastErrors: Dictionary(uniqueKeysWithValues: offline.compactMap { entry in entry.lastError.map { (entry.deviceId, $0) } }))
        if json { return try printJSON(report) }
        print("database              \(db)")
        print("last poll             \(report.lastPoll ?? "none yet")")
        print("last closed interval  \(report.lastClosedInterval ?? "none yet")")
        print("devices               \(report.devices) known, \(offline.count) offline")
        for device in report.devicesOffline {
            print("  \(device): \(report.lastErrors[device] ?? "no error recorded")")
        }
    }
}
