import Foundation
import GRDB
import TestKit

/// Where a running `village` process has got to, read from its database as any reader would, so
/// that a test places a kill after real progress rather than after a guess at the machine's speed.
enum CommittedProgress {
    /// The latest committed poll, or nil while the database or its tables do not exist yet.
    static func lastPoll(_ path: String) throws -> Int64? {
        // Never create the file: the process under test must be the one that does.
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        let database = try DatabaseQueue(path: path, configuration: configuration)
        return try database.read { db -> Int64? in
            guard try db.tableExists("device_health") else { return nil }
            return try Int64.fetchOne(db, sql: "SELECT MAX(last_attempt) FROM device_health")
        }
    }

    /// Waits until `process` has committed a poll later than `previous`; nil when the process exits
    /// first (or hangs for ten minutes, far beyond any machine's slowness). A read that races the
    /// database's creation is retried.
    static func waitForPoll(after previous: Int64?, path: String, process: Process) -> Int64? {
        let hangLimit = Date().addingTimeInterval(600)
        while process.isRunning, Date() < hangLimit {
            if let last = try? lastPoll(path), last > (previous ?? .min) { return last }
            usleep(20_000)
        }
        return nil
    }
}
