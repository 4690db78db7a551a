import FirmwareSim
import Foundation
import Logging
import Metering
import VillageStore

/// The collector itself, storing into a fresh temporary SQLite database.
enum CollectorRuns {
    /// A temporary database path, removed with its WAL files by `removeDatabase`.
    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("collector-bench-\(UUID().uuidString).sqlite")
            .path
    }

    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func makeCollector(_ bench: BenchVillage, database: String, pollIntervalSeconds: Int64) throws
        -> MeteringCollector
    {
        var configuration = CollectorConfiguration()
        configuration.pollIntervalSeconds = pollIntervalSeconds
        var logger = Logger(label: "collector-bench.collector")
        logger.logLevel = .error
        return try MeteringCollector(
            site: bench.site, profiles: bench.profiles, store: try VillageStore(path: database),
            configuration: configuration,
            logger: logger)
    }

    /// Throughput: a warm-up poll (connects, registers the site, walks SunSpec chains), then `cycles`
    /// polls of every device. The simulator moves one minute between polls, outside the timed part.
    static func throughput(_ bench: BenchVillage, cycles: Int) async throws -> (
        ok: Int, failed: Int, seconds: Double, rows: Int
    ) {
        let database = temporaryDatabase()
        defer { removeDatabase(database) }
        let collector = try makeCollector(bench, database: database, pollIntervalSeconds: 60)
        try await collector.poll(at: bench.village.host.now, all: true)
        var ok = 0
        var failed = 0
        var rows = 0
        var elapsed = Duration.zero
        for _ in 0..<cycles {
            try bench.village.advance(seconds: 60)
            let now = bench.village.host.now
            let start = ContinuousClock.now
            let summary = try await collector.poll(at: now, all: true)
            elapsed += ContinuousClock.now - start
            ok += summary.succeeded
            failed += summary.failed
            rows += summary.readings + summary.intervals + summary.events
        }
        await collector.shutdown()
        return (ok, failed, elapsed.seconds, rows)
    }
}
