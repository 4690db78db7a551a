import ArgumentParser
import Foundation
import Site
import VillageCore
import VillageStore

/// `village devices`: the health of every device of a site, as the collector last saw it.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "Show each device's health: last reading, its age, errors by kind, online or offline."
    )

    @OptionGroup var options: SiteOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let site = try options.loadSite()
        guard FileManager.default.fileExists(atPath: options.db) else {
            throw CommandError("no database at \(options.db): run `village collect --db \(options.db)` or `village demo` first")
        }
        let store = try VillageStore(path: options.db)
        let health = Dictionary(try await store.health().map { ($0.deviceId, $0) }, uniquingKeysWith: { first, _ in first })
        let now = Int64(Date().timeIntervalSince1970)
        let rows = site.devices.map { device in
            DeviceHealthRow(
                device: device.id, household: device.household, profile: device.profile,
                endpoint: device.endpoint.description, health: health[device.id], now: now)
        }
        if json { return try printJSON(rows) }
        let header = ["device", "household", "profile", "last reading", "age", "errors", "state"]
        let table = rows.map { row in
            [row.device, row.household ?? "plant", row.profile, row.lastReading ?? "never",
             row.ageSeconds.map(Self.age) ?? "–", row.errorSummary, row.state]
        }
        let widths = header.indices.map { column in ([header] + table).map { $0[column].count }.max() ?? 0 }
        for line in [header] + table {
            print(zip(line, widths).map { $0.padding(toLength: $1 + 2, withPad: " ", startingAt: 0) }.joined())
        }
        let offline = rows.filter { $0.state == "offline" }.count
        print("\(rows.count) devices, \(offline) offline")
    }

    static func age(_ seconds: Int64) -> String {
        switch seconds {
        case ..<120: "\(seconds) s"
        case ..<7200: "\(seconds / 60) min"
        case ..<172_800: "\(seconds / 3600) h"
        default: "\(seconds / TimeGrid.daySeconds) d"
        }
    }
}

/// One line of the health table (and its JSON form).
struct DeviceHealthRow: Encodable {
    var device: String
    var household: String?
    var profile: String
    var endpoint: String
    var state: String
    var lastReading: String?
    var ageSeconds: Int64?
    var consecutiveFailures: Int64
    var errors: [String: Int64]
    var lastError: String?

    init(device: String, household: String?, profile: String, endpoint: String, health: DeviceHealth?, now: Int64) {
        self.device = device
        self.household = household
        self.profile = profile
        self.endpoint = endpoint
        state = health?.state.rawValue ?? "never polled"
        lastReading = health?.lastSuccess.map(LocalTime.format)
        ageSeconds = health?.lastSuccess.map { now - $0 }
        consecutiveFailures = health?.consecutiveFailures ?? 0
        errors = health?.errorCounts ?? [:]
        lastError = health?.lastError
    }

    var errorSummary: String {
        errors.isEmpty ? "0" : errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

/// Timestamps as the village reads them: ISO 8601 in the site's time (UTC+9).
enum LocalTime {
    static let offsetSeconds: Int64 = 9 * 3600

    static func format(_ unixSeconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: Int(offsetSeconds))
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unixSeconds)))
    }
}
