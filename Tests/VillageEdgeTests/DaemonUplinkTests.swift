import FirmwareSim
import Foundation
import Glibc
import Market
import MarketStore
import Site
import Synchronization
import TestKit
import Testing
import VillageEdge
import VillageStore
import VillageUplink

/// `village run --upstream` as an operator runs it: the daemon against `village-sim` on one
/// anchored timeline at 600× speed, sending to the receiver double while it collects and settles.
@Suite(.timeLimit(.minutes(3))) struct DaemonUplinkTests {
    /// 2025-06-16 00:00 Asia/Seoul.
    static let start: Int64 = 1_749_999_600
    static let speed = 600.0
    static let repository = TestFiles.repository

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts the simulator on free loopback ports; returns it and the site file it serves.
    static func simulator(in directory: URL, anchor: Double) throws -> (PeerProcess, String) {
        let sitePath = directory.appendingPathComponent("site.yaml").path
        let log = directory.appendingPathComponent("village-sim.log")
        let reference = try Site.load(path: repository.appendingPathComponent("Firmware-Sim/sites/default.yaml").path)
        for _ in 0..<3 {
            try reference.onFreeLoopbackPorts().yamlText().write(toFile: sitePath, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(at: log)
            let simulator = try PeerProcess(
                try BuiltExecutable.path("village-sim"),
                [
                    "--site", sitePath, "--meters", repository.appendingPathComponent("Meters").path, "--speed",
                    "\(speed)", "--start", "\(start)", "--anchor", "\(anchor)",
                ], log: log)
            // Its `ready` line, or its exit when another process took a port in between.
            while simulator.process.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if text.split(separator: "\n").contains("ready") { return (simulator, sitePath) }
                usleep(50_000)
            }
        }
        throw Failure(description: "village-sim did not start: \(log.path)")
    }

    @Test func theDaemonSendsWhatItCollectsAndSettlesAndStopsOnSIGTERM() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let anchor = Date().timeIntervalSince1970
        let (simulator, sitePath) = try Self.simulator(in: directory, anchor: anchor)
        defer { simulator.terminate() }
        let token = "village-upload-" + UUID().uuidString
        let tokenFile = directory.appendingPathComponent("upload.token").path
        FileManager.default.createFile(
            atPath: tokenFile, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600])
        let receiver = UplinkReceiver(token: token, port: Loopback.freePort())
        try await receiver.start()
        let database = directory.appendingPathComponent("village.sqlite").path
        let log = directory.appendingPathComponent("village-run.log")
        let village = try BuiltExecutable.path("village")
        let daemon = try PeerProcess(
            village,
            [
                "run", "--site", sitePath, "--db", database, "--meters",
                Self.repository.appendingPathComponent("Meters").path, "--tariffs-dir",
                Self.repository.appendingPathComponent("Tariffs").path, "--timeout", "500", "--start", "\(Self.start)",
                "--speed", "\(Self.speed)", "--anchor", "\(anchor)", "--upstream", receiver.baseURL,
                "--upstream-token", tokenFile,
            ], log: log)
        // Observed progress: the backend holds settled ledger transactions and intervals of households.
        while daemon.process.isRunning,
            !receiver.state.withLock({ state in
                state.ledger.count >= 2 && state.intervals.values.contains { $0.interval.owner.kind == "household" }
            })
        {
            usleep(50_000)
        }
        let text = { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        #expect(daemon.process.isRunning, "\(text())")
        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 0, "\(text())")
        #expect(text().contains("sending to the city backend at \(receiver.baseURL)"))
        #expect(!text().contains(token))

        // What the daemon wrote after its last batch goes with a push; then the backend's copy
        // equals the village's database.
        let push = try PeerProcess.run(
            village,
            ["uplink", "push", "--db", database, "--upstream", receiver.baseURL, "--upstream-token", tokenFile])
        #expect(push.status == 0, "\(push.output)")
        let store = try VillageStore(path: database)
        let edge = EdgeVillage(
            directory: directory, path: database, store: store, token: token, tokenFile: tokenFile)
        #expect(receiver.intervalValues() == (try await edge.intervals()))
        #expect(receiver.state.withLock { $0.events } == (try await edge.events()))
        let ledger = try SQLiteLedgerStore(store: store).allTransactions()
        #expect(ledger.count >= 2)
        #expect(receiver.state.withLock { $0.ledger } == ledger)
        try await receiver.stop()
    }
}
