import Foundation
import Glibc
import Market
import MarketStore
import Synchronization
import TestKit
import Testing
import VillageEdge
import VillageStore
import VillageUplink

/// `village uplink push` and `village status` as processes: a kill -9 in the middle of a push,
/// the token file's mode, and the token kept out of everything printed or stored.
@Suite(.timeLimit(.minutes(3))) struct CommandTests {
    static func push(_ village: EdgeVillage, _ receiver: UplinkReceiver, _ extra: [String] = []) -> [String] {
        [
            "uplink", "push", "--db", village.path, "--upstream", receiver.baseURL, "--upstream-token",
            village.tokenFile, "--max-batches", "200",
        ] + extra
    }

    @Test func aPushKilledMidwayResendsOnlyWhatWasNotAcknowledged() async throws {
        let village = try await EdgeVillage.make()
        let receiver = UplinkReceiver(token: village.token, port: Loopback.freePort())
        // Batches from 4 on are held unanswered: the edge has then settled 1–3 and sent 4.
        receiver.state.withLock { $0.holdFrom = 4 }
        try await receiver.start()
        let executable = try BuiltExecutable.path("village")
        let log = village.directory.appendingPathComponent("push.log")
        let child = try PeerProcess(
            executable, Self.push(village, receiver, ["--batch-intervals", "20", "--batch-ledger", "5"]), log: log)
        // Wait for observed progress: the request of batch 4 has arrived.
        while child.process.isRunning, !receiver.state.withLock({ $0.requests.contains { $0.batch?.batchNumber == 4 } })
        {
            usleep(20_000)
        }
        #expect(child.process.isRunning, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        kill(child.process.processIdentifier, SIGKILL)
        child.process.waitUntilExit()
        #expect(child.process.terminationReason == .uncaughtSignal)

        let outbox = UplinkOutbox(store: village.store)
        let afterKill = try #require(try await outbox.report())
        #expect(afterKill.lastAcknowledgedBatch == 3)
        #expect(afterKill.batchInFlight == 4)
        let heldBatch = try #require(
            receiver.state.withLock { $0.requests.first { $0.batch?.batchNumber == 4 }?.batch })
        let acknowledgedBefore = receiver.state.withLock { state in
            Set(state.applied.values.flatMap(\.intervals).map { "\(UplinkReceiver.key($0.interval))#\($0.revision)" })
        }
        #expect(receiver.state.withLock { $0.applied.keys.sorted() } == [1, 2, 3])
        let requestsBefore = receiver.state.withLock { $0.requests.count }

        // Restart against a backend that answers.
        receiver.state.withLock { $0.holdFrom = nil }
        let rerun = try PeerProcess.run(
            executable, Self.push(village, receiver, ["--batch-intervals", "20", "--json"]))
        #expect(rerun.status == 0, "\(rerun.output)")
        let after = receiver.state.withLock { Array($0.requests.dropFirst(requestsBefore)) }
        // The first request after the restart is batch 4 again, unchanged.
        #expect(after.first?.batch == heldBatch)
        let resent = Set(
            after.compactMap(\.batch).flatMap(\.intervals).map { "\(UplinkReceiver.key($0.interval))#\($0.revision)" })
        #expect(resent.isDisjoint(with: acknowledgedBefore), "an acknowledged interval was sent again")
        let sentLedger = after.compactMap(\.batch).flatMap(\.ledger).map(\.sequence)
        #expect(sentLedger == Array(15..<Int64(sentLedger.count + 15)), "\(sentLedger)")
        #expect(receiver.intervalValues() == (try await village.intervals()))
        #expect(
            receiver.state.withLock { $0.ledger } == (try SQLiteLedgerStore(store: village.store).allTransactions()))

        // `village status` shows the uplink caught up.
        let status = try PeerProcess.run(executable, ["status", "--db", village.path, "--json"])
        #expect(status.status == 0, "\(status.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any])
        let uplink = try #require(json["uplink"] as? [String: Any], "\(status.output)")
        #expect(uplink["pendingIntervals"] as? Int == 0)
        #expect(uplink["village"] as? String == "eco-delta")
        let lastBatch = try #require(receiver.state.withLock { $0.applied.keys.max() })
        #expect(uplink["lastAcknowledgedBatch"] as? Int == Int(lastBatch))
        #expect(uplink["lastAcknowledgedAt"] is String)
        try await receiver.stop()
    }

    @Test func aTokenFileOthersMayReadIsRefusedAndChangesNothing() async throws {
        let village = try await EdgeVillage.make()
        chmod(village.tokenFile, 0o644)
        #expect(throws: UplinkError.self) { try UplinkToken(file: village.tokenFile) }
        let receiver = UplinkReceiver(token: village.token, port: Loopback.freePort())
        try await receiver.start()
        let executable = try BuiltExecutable.path("village")
        let push = try PeerProcess.run(executable, Self.push(village, receiver))
        #expect(push.status != 0)
        #expect(push.output.contains(village.tokenFile), "\(push.output)")
        #expect(push.output.contains("chmod 600"), "\(push.output)")
        #expect(!push.output.contains(village.token))
        #expect(receiver.state.withLock { $0.requests.isEmpty })
        #expect(try await UplinkOutbox(store: village.store).report() == nil, "the uplink was not enabled")

        // `village run` refuses it before it creates or opens anything.
        let fresh = village.directory.appendingPathComponent("fresh.sqlite").path
        let run = try PeerProcess.run(
            executable,
            ["run", "--db", fresh, "--upstream", receiver.baseURL, "--upstream-token", village.tokenFile])
        #expect(run.status != 0)
        #expect(run.output.contains("--upstream-token \(village.tokenFile)"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
        let unpaired = try PeerProcess.run(executable, ["run", "--db", fresh, "--upstream", receiver.baseURL])
        #expect(unpaired.status != 0)
        #expect(unpaired.output.contains("--upstream-token"), "\(unpaired.output)")
        try await receiver.stop()
    }

    @Test func theTokenAppearsInNoOutputErrorOrStatus() async throws {
        let village = try await EdgeVillage.make()
        let receiver = UplinkReceiver(token: village.token, port: Loopback.freePort())
        // A backend that quotes the Authorization header back in its error.
        receiver.state.withLock { $0.faults = [.unauthorizedEchoingToken] }
        try await receiver.start()
        let executable = try BuiltExecutable.path("village")
        let push = try PeerProcess.run(executable, Self.push(village, receiver))
        #expect(push.status != 0)
        #expect(push.output.contains("401"), "\(push.output)")
        #expect(!push.output.contains(village.token), "\(push.output)")
        for arguments in [["status", "--db", village.path], ["status", "--db", village.path, "--json"]] {
            let status = try PeerProcess.run(executable, arguments)
            #expect(status.status == 0)
            #expect(status.output.contains("401"), "\(status.output)")
            #expect(!status.output.contains(village.token), "\(status.output)")
        }
        // The same push succeeds once the backend accepts the token.
        let again = try PeerProcess.run(executable, Self.push(village, receiver))
        #expect(again.status == 0, "\(again.output)")
        #expect(!again.output.contains(village.token))
        #expect(receiver.intervalValues() == (try await village.intervals()))
        try await receiver.stop()
    }
}
