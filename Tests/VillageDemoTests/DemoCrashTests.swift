import Foundation
import Glibc
import Market
import MarketStore
import TestKit
import Testing
import VillageStore

/// Crash safety of the whole pipeline: `village demo` is killed with SIGKILL at seeded random moments
/// and resumed; the database it ends with must equal the one an uninterrupted run writes. Dispatch is
/// off here: a resumed demo restarts its in-process plant without the interrupted run's commands, so
/// only the plant-independent pipeline can be compared exactly (`DaemonTests` kills the daemon with
/// dispatch on, against a simulator that outlives it).
@Suite(.serialized) struct DemoCrashTests {
    static let hours = "3"

    func demo(_ database: String, extra: [String] = []) throws -> PeerProcess {
        try PeerProcess(
            try BuiltExecutable.path("village"),
            [
                "demo", "--hours", Self.hours, "--db", database, "--json", "--strategy", "off",
                "--site", TestFiles.repository.appendingPathComponent("Firmware-Sim/sites/default.yaml").path,
                "--meters", TestFiles.repository.appendingPathComponent("Meters").path,
            ] + extra)
    }

    @Test func killedTwentyTimesEndsLikeAnUninterruptedRun() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let reference = directory.appendingPathComponent("reference.sqlite").path
        let crashed = directory.appendingPathComponent("crashed.sqlite").path

        let clean = try demo(reference)
        _ = clean.waitForOutput()
        #expect(clean.process.terminationStatus == 0)

        var generator = SeededGenerator(seed: 2026)
        var kills = 0
        var finished = false
        var resumePoints: [Int64] = []
        while !finished {
            // The runs to be killed are paced at two simulated minutes a second, so that a kill can
            // land anywhere in a poll cycle; the last run goes at full speed.
            let run = try demo(crashed, extra: ["--resume"] + (kills < 20 ? ["--speed", "120"] : []))
            if kills < 20 {
                // Each kill waits for the run to commit work beyond the last resume point, then
                // lands a seeded fraction of a second later: placed by progress, not by the clock,
                // so it interrupts committed work on a machine of any speed.
                if CommittedProgress.waitForPoll(after: resumePoints.last, path: crashed, process: run.process) != nil {
                    usleep(UInt32.random(in: 0...700_000, using: &generator))
                }
                if run.process.isRunning {
                    kill(run.process.processIdentifier, SIGKILL)
                    kills += 1
                    run.process.waitUntilExit()
                    if let last = try CommittedProgress.lastPoll(crashed) { resumePoints.append(last) }
                }
            }
            let output = run.waitForOutput()
            finished = run.process.terminationReason == .exit
            if finished { #expect(run.process.terminationStatus == 0, "after \(kills) kills: \(output.suffix(2_000))") }
        }
        #expect(kills == 20)
        // Every kill landed after new committed work, and that work survived it.
        #expect(Set(resumePoints).count == 20, "kills interrupted committed work only \(Set(resumePoints).count) times")
        #expect(resumePoints == resumePoints.sorted())

        let expected = try await Self.snapshot(reference)
        let actual = try await Self.snapshot(crashed)
        #expect(expected.intervals.count > 56 * 2 * 11)
        // Compared as booleans: a failure names what differs, not two copies of 18,000 intervals.
        let differing = zip(actual.intervals, expected.intervals).first { $0 != $1 }
        let sameIntervals = actual.intervals == expected.intervals
        #expect(
            sameIntervals,
            "intervals differ after \(kills) kills: \(actual.intervals.count) vs \(expected.intervals.count), first \(String(describing: differing))"
        )
        let differingReadings = expected.readings.filter { actual.readings[$0.key] != $0.value }.prefix(3)
        let sameReadings = actual.readings == expected.readings
        #expect(
            sameReadings,
            "raw readings differ after \(kills) kills: \(differingReadings.map { "\($0.key) \(actual.readings[$0.key] ?? 0) vs \($0.value)" })"
        )
        #expect(actual.events == expected.events)
        // Every interval settled exactly once, and the ledger is the same chain as without the kills.
        #expect(actual.ledger == expected.ledger)
        // The warm-up day and the three hours of the run.
        #expect(expected.ledger.intervals == 24 * 4 + 3 * 4)
        #expect(actual.ledger.intact)
    }

    /// Every interval of every household channel, and the number of raw readings per device channel.
    struct LedgerSnapshot: Equatable {
        var transactions: Int
        var intervals: Int
        var headHash: String
        var intact: Bool
    }

    static func snapshot(_ path: String) async throws -> (
        intervals: [IntervalEnergy], readings: [String: Int], events: Int, ledger: LedgerSnapshot
    ) {
        let store = try VillageStore(path: path)
        let ledgerStore = SQLiteLedgerStore(store: store)
        let transactions = try ledgerStore.allTransactions()
        let verification = try ledgerStore.verify()
        let ledger = LedgerSnapshot(
            transactions: transactions.count, intervals: Set(transactions.map(\.intervalStart)).count,
            headHash: verification.headHash, intact: verification.isIntact)
        var intervals: [IntervalEnergy] = []
        var readings: [String: Int] = [:]
        for household in try await store.households() {
            for channel in [MeteringChannel.energyImport, .pvGeneration, .water, .heating, .cooling, .hotWater] {
                intervals += try await store.intervals(
                    owner: .household(household.unitId), channel: channel, from: .min, to: .max)
            }
        }
        for device in try await store.devices() {
            for channel in [MeteringChannel.energyImport, .pvGeneration, .water] {
                let count = try await store.readings(deviceId: device.id, channel: channel, from: .min, to: .max).count
                if count > 0 { readings["\(device.id) \(channel)"] = count }
            }
        }
        let events = try await store.events(from: .min, to: .max).count
        return (intervals, readings, events, ledger)
    }
}
