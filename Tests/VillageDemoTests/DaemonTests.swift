import DeviceProfiles
import FirmwareSim
import Foundation
import GRDB
import Glibc
import Market
import MarketStore
import Modbus
import Site
import TestKit
import Testing
import VillageStore

/// `village run` as an operator runs it: a separate process against `village-sim` (its own process,
/// which outlives the daemon like a real plant), both on one anchored timeline at 600× speed.
@Suite(.serialized) struct DaemonTests {
    /// 2025-06-16 00:00 Asia/Seoul.
    static let start: Int64 = 1_749_999_600
    static let speed = 600.0
    static let repository = TestFiles.repository

    /// A simulator serving the default village on free ports, and how to start daemons against it.
    struct Village {
        let directory: URL
        let sitePath: String
        let site: Site
        let database: String
        let anchor: Double
        let simulator: PeerProcess
        let profiles: ProfileLibrary
        /// Platform time at the anchor.
        let start: Int64

        init(start: Int64 = DaemonTests.start) throws {
            self.start = start
            directory = try TestFiles.temporaryDirectory()
            sitePath = directory.appendingPathComponent("site.yaml").path
            database = directory.appendingPathComponent("village.sqlite").path
            profiles = try ProfileLibrary(directory: repository.appendingPathComponent("Meters"))
            anchor = Date().timeIntervalSince1970
            let log = directory.appendingPathComponent("village-sim.log")
            let reference = try Site.load(
                path: repository.appendingPathComponent("Firmware-Sim/sites/default.yaml").path)
            // Free ports are chosen here and bound by another process, so a test running beside this
            // one can take one in between: then the simulator says so and is started on new ports.
            var attempt = 0
            while true {
                attempt += 1
                let site = reference.onFreeLoopbackPorts()
                try site.yamlText().write(toFile: sitePath, atomically: true, encoding: .utf8)
                try? FileManager.default.removeItem(at: log)
                let simulator = try PeerProcess(
                    try BuiltExecutable.path("village-sim"),
                    [
                        "--site", sitePath, "--meters", repository.appendingPathComponent("Meters").path,
                        "--speed", "\(DaemonTests.speed)", "--start", "\(start)", "--anchor", "\(anchor)",
                    ], log: log)
                if try Self.waitUntilServing(simulator, log: log) {
                    self.site = site
                    self.simulator = simulator
                    return
                }
                guard attempt < 3 else { throw TestFailure("village-sim did not start: \(log.path)") }
            }
        }

        /// True once the simulator prints its `ready` line; false when it exits first.
        static func waitUntilServing(_ simulator: PeerProcess, log: URL) throws -> Bool {
            for _ in 0..<600 {
                let lines = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n") ?? []
                if lines.contains("ready") { return true }
                if !simulator.process.isRunning { return false }
                usleep(50_000)
            }
            throw TestFailure("village-sim did not start within 30 s: \(log.path)")
        }

        /// Simulated time now on the shared timeline.
        var now: Int64 { start + Int64((Date().timeIntervalSince1970 - anchor) * DaemonTests.speed) }

        func daemon(_ extra: [String] = []) throws -> PeerProcess {
            try PeerProcess(
                try BuiltExecutable.path("village"),
                [
                    "run", "--site", sitePath, "--db", database, "--meters",
                    repository.appendingPathComponent("Meters").path,
                    "--tariffs-dir", repository.appendingPathComponent("Tariffs").path, "--timeout", "500",
                    "--start", "\(start)", "--speed", "\(DaemonTests.speed)", "--anchor", "\(anchor)",
                ] + extra,
                log: directory.appendingPathComponent("village-run.log"))
        }

        /// The battery's control mode and AC power, read over Modbus like any client would.
        func battery() throws -> (mode: Double, powerW: Double) {
            let ess = try #require(site.device(site.ess.device))
            let client = try ModbusClient(
                configuration: .init(
                    transport: .tcp(host: ess.endpoint.host, port: ess.endpoint.port), unitID: ess.endpoint.unitId))
            let reading = try DeviceReader(profile: try profiles.profile(ess.profile), client: client).read()
            return (
                try #require(reading.value(named: "StorCtl_Mod")),
                try #require(reading.value(semantic: "battery.power"))
            )
        }

        /// The daemon's last log lines, for a failure message (the directory goes with the test).
        func runLogTail(lines: Int = 15) -> String {
            let text =
                (try? String(contentsOf: directory.appendingPathComponent("village-run.log"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
        }

        func stop() {
            simulator.terminate()
        }
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Committed raw readings and intervals up to the daemon's last poll, taken right after a kill.
    struct Snapshot {
        var lastPoll: Int64
        var readings: Int
        var intervals: Int
    }

    static func snapshot(_ path: String) throws -> Snapshot? {
        let database = try DatabaseQueue(path: path)
        return try database.read { db -> Snapshot? in
            guard try db.tableExists("device_health"),
                let last = try Int64.fetchOne(db, sql: "SELECT MAX(last_attempt) FROM device_health")
            else { return nil }
            return Snapshot(
                lastPoll: last,
                readings: try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM all_readings WHERE at <= ?", arguments: [last])
                    ?? 0,
                intervals: try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM intervals WHERE start + 900 <= ?", arguments: [last]) ?? 0)
        }
    }

    /// The start of the last settled interval, or `Int64.min` before the first.
    static func lastSettled(_ path: String) throws -> Int64 {
        try DatabaseQueue(path: path).read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(interval_start) FROM ledger_transactions WHERE kind = 'settlement'")
        } ?? .min
    }

    @Test func killedTwentyTimesOverADayLosesNothingAndSettlesEveryIntervalOnce() async throws {
        let village = try Village()
        defer { village.stop() }
        var generator = SeededGenerator(seed: 909)
        var daemon = try village.daemon()
        var snapshots: [Snapshot] = []
        for _ in 0..<20 {
            // Each kill waits for the daemon to commit a poll after the last kill's, then lands a
            // seeded 1–5 s later (10–50 simulated minutes, spreading the kills over the day): placed
            // by progress, so that on a slow machine it still interrupts a running daemon. Outages
            // of any length in between are the daemon's to settle.
            let committed = CommittedProgress.waitForPoll(
                after: snapshots.last?.lastPoll, path: village.database, process: daemon.process)
            #expect(committed != nil, "the daemon committed nothing: \(village.runLogTail())")
            usleep(UInt32.random(in: 1_000_000...5_000_000, using: &generator))
            #expect(daemon.process.isRunning, "the daemon exited on its own: \(village.directory.path)/village-run.log")
            try #require(
                village.simulator.process.isRunning, "village-sim stopped: \(village.directory.path)/village-sim.log")
            kill(daemon.process.processIdentifier, SIGKILL)
            daemon.process.waitUntilExit()
            if let snapshot = try Self.snapshot(village.database) { snapshots.append(snapshot) }
            daemon = try village.daemon()
        }
        // The last daemon is stopped gracefully once it is up (it has committed a poll: before its
        // service group runs, SIGTERM's default action would end it) and the simulated day is over.
        let running = CommittedProgress.waitForPoll(
            after: snapshots.last?.lastPoll, path: village.database, process: daemon.process)
        #expect(running != nil, "the last daemon committed nothing: \(village.runLogTail())")
        while village.now < Self.start + 86_400 + 300 { usleep(200_000) }
        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.process.waitUntilExit()
        #expect(
            daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0,
            "village run after SIGTERM: \(village.runLogTail())")

        // Graceful stop: the battery idles at once, not at its revert timeout.
        let battery = try village.battery()
        #expect(battery.mode == 0, "StorCtl_Mod \(battery.mode) after a graceful stop")
        // The simulated battery follows at its next step: waited for by reading it, up to 10 s.
        var power = try village.battery().powerW
        for _ in 0..<100 where power != 0 {
            usleep(100_000)
            power = try village.battery().powerW
        }
        #expect(power == 0)

        // No committed reading or interval lost to a kill, none written twice.
        #expect(snapshots.count == 20)
        #expect(Set(snapshots.map(\.lastPoll)).count == 20, "kills did not land after new committed work")
        for snapshot in snapshots {
            let now = try #require(try Self.snapshot(village.database))
            let database = try DatabaseQueue(path: village.database)
            let readings = try await database.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM all_readings WHERE at <= ?", arguments: [snapshot.lastPoll])
                    ?? 0
            }
            let intervals = try await database.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM intervals WHERE start + 900 <= ?", arguments: [snapshot.lastPoll])
                    ?? 0
            }
            #expect(readings == snapshot.readings, "readings up to \(snapshot.lastPoll) changed after a kill")
            #expect(intervals >= snapshot.intervals, "intervals up to \(snapshot.lastPoll) lost after a kill")
            #expect(now.lastPoll >= snapshot.lastPoll)
        }

        // A graceful stop finishes the settlement in progress, not those still to come: on a loaded
        // machine the last closed intervals wait for the next start, whose catch-up settles every
        // closed interval first. One more start, stopped once the ledger reaches the intervals
        // closed at the stop (observed, not timed), so that the checks below see them.
        let store = try VillageStore(path: village.database)
        let ledger = SQLiteLedgerStore(store: store)
        let stoppedAt = try #require(try await store.lastPollTimestamp())
        let closedAtStop = (stoppedAt - 60) / 900 * 900 - 900
        if try Self.lastSettled(village.database) < closedAtStop {
            let catchUp = try village.daemon()
            while catchUp.process.isRunning, try Self.lastSettled(village.database) < closedAtStop {
                usleep(100_000)
            }
            kill(catchUp.process.processIdentifier, SIGTERM)
            catchUp.process.waitUntilExit()
        }

        // Every closed interval settled exactly once, none skipped, and the ledger verifies.
        let settlements = try ledger.allTransactions().filter { $0.kind == .settlement }.map(\.intervalStart)
        #expect(
            settlements == settlements.sorted() && Set(settlements).count == settlements.count,
            "an interval settled twice")
        let first = try #require(settlements.first)
        let last = try #require(settlements.last)
        #expect(settlements == Array(stride(from: first, through: last, by: 900)), "an interval was skipped")
        // Settlement starts at the first interval with meter data (which interval that is depends
        // on how fast the first daemon came up: at 600x a wall-clock second is ten simulated minutes;
        // the interval holding the first poll has no start reading and is `missing`).
        let firstMeasured = try await DatabaseQueue(path: village.database).read { db in
            try Int64.fetchOne(
                db,
                sql:
                    "SELECT MIN(start) FROM intervals WHERE owner_kind = 'household' AND channel = 'energy.import' AND quality > 0"
            )
        }
        #expect(
            first == firstMeasured,
            "settlement began at \(first), the first measured household interval is \(firstMeasured ?? -1)")
        #expect(last >= closedAtStop, "closed intervals left unsettled: last settled \(last), last poll \(stoppedAt)")
        #expect(try ledger.verify().isIntact)
        let verify = try PeerProcess.run(
            try BuiltExecutable.path("village"), ["ledger", "verify", "--db", village.database])
        #expect(verify.status == 0, "\(verify.output)")

        let database = try DatabaseQueue(path: village.database)
        let unbalanced = try await database.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT commodity FROM ledger_postings GROUP BY commodity HAVING SUM(amount) != 0")
        }
        #expect(unbalanced.isEmpty, "postings do not sum to zero: \(unbalanced)")
        let statuses = try await store.serviceStatuses().map(\.service)
        #expect(Set(statuses).isSuperset(of: ["collector", "settlement", "dispatch"]))
    }

    @Test func theBatteryIdlesWithinItsRevertTimeoutAfterTheDaemonDies() async throws {
        let village = try Village()
        defer { village.stop() }
        // Self-consumption discharges into the night's deficit at once, so the battery is moving.
        let daemon = try village.daemon(["--strategy", "self-consumption"])
        var waited = 0
        while abs(try village.battery().powerW) < 1_000 {
            try #require(waited < 300, "the daemon never moved the battery: \(village.directory.path)/village-run.log")
            usleep(100_000)
            waited += 1
        }
        kill(daemon.process.processIdentifier, SIGKILL)
        daemon.process.waitUntilExit()
        let killedAt = village.now
        #expect(abs(try village.battery().powerW) >= 1_000, "the battery stopped before its revert timeout")
        while try village.battery().powerW != 0 {
            try #require(village.now - killedAt < 3_600, "the battery still runs an hour after the daemon died")
            usleep(20_000)
        }
        let idleAfter = village.now - killedAt
        // The controller writes a 1,200 s revert timeout; the physics step and polling add up to a minute.
        #expect(idleAfter <= 1_200 + 90, "idle \(idleAfter) s after the daemon died")
        #expect(idleAfter >= 1_200 - 300, "idle only \(idleAfter) s after the daemon died: was it the revert timeout?")
    }
}
