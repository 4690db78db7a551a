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

    @OptionGroup var site: SiteOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let site = try site.loadSite()
        guard FileManager.default.fileExists(atPath: database.db) else {
            throw CommandError(
                "no database at \(database.db): run `village collect --db \(database.db)` or `village demo` first")
        }
        let store = try VillageStore(path: database.db)
        let health = Dictionary(
            try await store.health().map { ($0.deviceId, $0) }, uniquingKeysWith: { first, _ in first })
        let now = Int64(Date().timeIntervalSince1970)
        let rows = site.devices.map { device in
            DeviceHealthRow(
                device: device.id, household: device.household, profile: device.profile,
                endpoint: device.endpoint.description, health: health[device.id], now: now)
        }
        if json { return try printJSON(rows) }
        let header = ["device", "household", "profile", "last reading", "age", "errors", "state"]
        let table = rows.map { row in
            [
                row.device, row.household ?? "plant", row.profile, row.lastReading ?? "never",
                row.ageSeconds.map(Self.age) ?? "–", row.errorSummary, row.state,
            ]
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
