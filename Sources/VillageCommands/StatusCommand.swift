import ArgumentParser
import Foundation
import MarketStore
import VillageStore

/// `village status`: where each part of the platform has got to, from the database.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Show the last closed, settled and planned intervals, devices offline, and each service's last error.",
        discussion: """
            Reads only the database, so it works while `village run` (or `village collect`) is writing \
            to it, and after it has stopped.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    struct Report: Encodable {
        var database: String
        var lastPoll: String?
        var lastClosedInterval: String?
        var lastSettledInterval: String?
        var lastPlan: String?
        /// The daily errors of the forecasts the controller planned with, the last days, oldest first.
        var forecastErrors: [ForecastErrorDay]
        var intervals: SettlementProgress?
        /// Intervals settled at a provisional export price and not trued up yet.
        var provisionalIntervals: Int
        /// The newest hour with an imported SMP, any region.
        var lastImportedSMPHour: String?
        var devices: Int
        var devicesOffline: [String]
        var lastErrors: [String: String]
        var services: [Service]
        var uplink: Uplink?
    }

    struct Service: Encodable {
        var service: String
        var lastRun: String
        var lastSuccess: String?
        var lastError: String?
        var lastErrorAt: String?
        var detail: String?
    }

    func run() async throws {
        let db = database.db
        guard FileManager.default.fileExists(atPath: db) else {
            throw CommandError("no database at \(db): run `village run --db \(db)` or `village demo` first")
        }
        let store = try VillageStore(path: db)
        let health = try await store.health()
        let offline = health.filter { $0.state == .offline }
        let interval = { (start: Int64) in
            "\(LocalTime.format(start)) – \(LocalTime.format(start + store.configuration.intervalSeconds))"
        }
        let lastClosed = try await store.lastIntervalStart()
        var progress: SettlementProgress?
        if let lastClosed { progress = try await store.settlementProgress(lastClosed: lastClosed) }
        let report = Report(
            database: db,
            lastPoll: try await store.lastPollTimestamp().map(LocalTime.format),
            lastClosedInterval: lastClosed.map(interval),
            lastSettledInterval: try SQLiteLedgerStore(store: store).latestIntervalStart().map(interval),
            lastPlan: try await store.lastPlanTimestamp().map(LocalTime.format),
            forecastErrors: ForecastErrorDay.days(try await store.latestForecastErrors(days: 3)),
            intervals: progress,
            provisionalIntervals: try await store.provisionalPrices().filter(\.isOpen).count,
            lastImportedSMPHour: try await store.priceHistory(region: nil, latestOnly: true).map(\.hourStart).max()
                .map(LocalTime.format),
            devices: health.count,
            devicesOffline: offline.map(\.deviceId).sorted(),
            lastErrors: Dictionary(
                uniqueKeysWithValues: offline.compactMap { entry in entry.lastError.map { (entry.deviceId, $0) } }),
            services: try await store.serviceStatuses().map {
                Service(
                    service: $0.service, lastRun: LocalTime.format($0.lastRun),
                    lastSuccess: $0.lastSuccess.map(LocalTime.format),
                    lastError: $0.lastError, lastErrorAt: $0.lastErrorAt.map(LocalTime.format), detail: $0.detail)
            }, uplink: try await Uplink.read(store))
        if json { return try printJSON(report) }
        print("database                \(db)")
        print("last poll               \(report.lastPoll ?? "none yet")")
        print("last closed interval    \(report.lastClosedInterval ?? "none yet")")
        print("last settled interval   \(report.lastSettledInterval ?? "none yet")")
        if let progress = report.intervals {
            print(
                "intervals               \(progress.settled) settled (\(progress.estimated) with estimated meter data), \(progress.pending) pending"
            )
        }
        print(
            "prices                  SMP imported up to \(report.lastImportedSMPHour ?? "none yet"), "
                + "\(report.provisionalIntervals) intervals at a provisional export price")
        print("last dispatch plan      \(report.lastPlan ?? "none yet")")
        if report.forecastErrors.isEmpty {
            print("forecast errors         none yet (a day's errors are stored an hour after it ends)")
        } else {
            print("forecast errors         MAE per 15-min step of the forecasts planned with (share of recorded mean)")
            for day in report.forecastErrors { print("  \(day.line)") }
        }
        for line in report.uplink?.lines ?? [] { print(line) }
        print("devices                 \(report.devices) known, \(offline.count) offline")
        for device in report.devicesOffline {
            print("  \(device): \(report.lastErrors[device] ?? "no error recorded")")
        }
        for service in report.services {
            let label = service.service.padding(toLength: 22, withPad: " ", startingAt: 0)
            print("\(label)  last run \(service.lastRun)\(service.detail.map { ": \($0)" } ?? "")")
            if let error = service.lastError {
                print("\(String(repeating: " ", count: 22))  last error \(service.lastErrorAt ?? "?"): \(error)")
            }
        }
    }
}
