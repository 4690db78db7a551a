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

    /// How each cycle's commit relates to the next cycle's reads.
    enum CommitMode {
        /// `poll`: a cycle returns once its transaction has committed.
        case awaited
        /// `pollOverlappingCommit`: the store writes a cycle while the next one reads.
        case overlapped
    }

    /// Throughput: a warm-up poll (connects, registers the site, walks SunSpec chains), then `cycles`
    /// polls of every device, the simulator moving one minute before each.
    ///
    /// With overlapped commits the store writes while the simulator moves, so timing the polls alone
    /// would hide part of the commits. Both modes are therefore timed the same way: the whole loop
    /// (moves, polls and the last commit) minus what the same number of moves took on their own, in
    /// a pass before the warm-up with nothing else running. The moves in the loop are slowed by a
    /// commit beside them, so the subtraction counts them short, never the collector.
    static func throughput(_ bench: BenchVillage, cycles: Int, commits: CommitMode) async throws -> ThroughputRun {
        let database = temporaryDatabase()
        defer { removeDatabase(database) }
        let collector = try makeCollector(bench, database: database, pollIntervalSeconds: 60)
        let movesStart = ContinuousClock.now
        let movesUsage0 = ProcessUsage.now
        for _ in 0..<cycles { try bench.village.advance(seconds: 60) }
        let movesUsage = ProcessUsage.now - movesUsage0
        let movesAlone = ContinuousClock.now - movesStart
        try await collector.poll(at: bench.village.host.now, all: true)
        var ok = 0
        var failed = 0
        var rows = 0
        let start = ContinuousClock.now
        let usage0 = ProcessUsage.now
        for _ in 0..<cycles {
            try bench.village.advance(seconds: 60)
            let now = bench.village.host.now
            let summary =
                switch commits {
                case .awaited: try await collector.poll(at: now, all: true)
                case .overlapped: try await collector.pollOverlappingCommit(at: now, all: true)
                }
            ok += summary.succeeded
            failed += summary.failed
            rows += summary.readings + summary.intervals + summary.events
        }
        try await collector.waitForCommit()
        let elapsed = ContinuousClock.now - start - movesAlone
        // The moves' own CPU and switches are taken off the same way as their time.
        let usage = ProcessUsage.now - usage0 - movesUsage
        await collector.shutdown()
        return ThroughputRun(ok: ok, failed: failed, seconds: elapsed.seconds, usage: usage, rows: rows)
    }
}
