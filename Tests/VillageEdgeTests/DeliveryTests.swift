import Foundation
import Market
import MarketStore
import Synchronization
import TestKit
import Testing
import VillageEdge
import VillageStore
import VillageUplink

/// The edge against the receiver double over loopback HTTP: outages, cut connections, conflicts.
@Suite(.timeLimit(.minutes(2))) struct DeliveryTests {
    /// Steps until the uplink has nothing pending, counting the failures on the way.
    static func drainThroughFailures(_ uplink: Uplink, maximumFailures: Int = 20, maximumSteps: Int = 200) async throws
        -> (
            steps: [Uplink.Step], failures: [UplinkError]
        )
    {
        var steps: [Uplink.Step] = []
        var failures: [UplinkError] = []
        while true {
            do {
                let step = try await uplink.step()
                if step == .idle { return (steps, failures) }
                steps.append(step)
                if steps.count > maximumSteps {
                    Issue.record("more than \(maximumSteps) batches: the outbox does not drain")
                    return (steps, failures)
                }
            } catch {
                failures.append(error)
                if failures.count > maximumFailures { throw error }
            }
        }
    }

    @Test func afterAnOutageAndCutConnectionsEveryIntervalArrivesWithItsLatestValue() async throws {
        let village = try await EdgeVillage.make()
        let receiver = UplinkReceiver(token: village.token, port: Loopback.freePort())
        let uplink = try village.uplink(
            receiver, limits: UplinkLimits(intervals: 40, events: 2, ledgerTransactions: 10, checkpoints: 10))
        try await uplink.enable()

        // The backend is down: the batch stays in flight, the error is recorded, nothing is lost.
        await #expect(throws: UplinkError.self) { try await uplink.step() }
        var report = try #require(try await uplink.outbox.report())
        #expect(report.batchInFlight == 1)
        #expect(report.lastError?.contains("no answer from the backend") == true, "\(report.lastError ?? "")")
        #expect(report.lastAcknowledgedBatch == nil)
        let inFlight = try #require(try await uplink.outbox.inFlight())

        // Late readings arrive during the outage.
        let rewritten = try await village.rewrite(count: 3, adding: 77)

        // Back up, but failing: a 500, a hang-up after half the body, and a batch applied whose
        // answer is lost.
        try await receiver.start()
        receiver.state.withLock { $0.faults = [.serverError, .hangUpMidRequest, .applyThenHangUp] }
        let (steps, failures) = try await Self.drainThroughFailures(uplink)
        #expect(failures.count == 3, "\(failures)")
        #expect(failures.first == .refused(status: 500, message: "internal error"))

        // Late readings after some batches went out are sent again with their new value.
        let lateAgain = try await village.rewrite(count: 1, adding: 1_000)
        let (moreSteps, moreFailures) = try await Self.drainThroughFailures(uplink)
        #expect(moreFailures.isEmpty)
        #expect(moreSteps.count == 1)

        // Every interval arrived, with the value the edge holds now.
        let edge = try await village.intervals()
        #expect(receiver.intervalValues() == edge)
        #expect(receiver.intervalValues()[UplinkReceiver.key(lateAgain[0])]?.first == lateAgain[0].value)
        #expect(receiver.intervalValues()[UplinkReceiver.key(rewritten[1])]?.first == rewritten[1].value)
        #expect(receiver.state.withLock { $0.events } == (try await village.events()))
        let ledger = try SQLiteLedgerStore(store: village.store)
        #expect(receiver.state.withLock { $0.ledger } == (try ledger.allTransactions()))
        #expect(receiver.state.withLock { Array($0.checkpoints.values) } == (try ledger.checkpoints()))

        // The edge acknowledged each batch number once, in order, and saw the resend of the batch
        // whose answer was lost as a duplicate.
        let numbers = (steps + moreSteps).compactMap { step -> Int64? in
            if case .acknowledged(let batch, _, _, _, _, _) = step { return batch }
            return nil
        }
        #expect(numbers == Array(1...Int64(numbers.count)))
        let duplicates = (steps + moreSteps).filter {
            if case .acknowledged(_, true, _, _, _, _) = $0 { return true }
            return false
        }
        #expect(duplicates.count == 1)
        // The first batch that went through is the one that was in flight during the outage.
        let first = try #require(receiver.state.withLock { $0.applied[1] })
        #expect(first == (try inFlight.decoded()))

        // Every request was gzip-compressed JSON with the token.
        let requests = receiver.state.withLock { $0.requests }.filter { $0.status != nil }
        #expect(!requests.isEmpty)
        for request in requests {
            #expect(request.contentEncoding == "gzip")
            #expect(request.authorization == "Bearer \(village.token)")
            #expect(request.compressedBytes > 0 && request.compressedBytes < request.decompressedBytes)
        }

        report = try #require(try await uplink.outbox.report())
        #expect(report.pendingIntervals == 0 && report.pendingEvents == 0)
        #expect(report.pendingLedgerTransactions == 0 && report.pendingCheckpoints == 0)
        #expect(report.batchInFlight == nil)
        #expect(report.lastAcknowledgedBatch == numbers.last)
        await uplink.client.shutdown()
        try await receiver.stop()
    }

    @Test func aConflictResumesFromTheLedgerSizeTheBackendHolds() async throws {
        let village = try await EdgeVillage.make()
        let ledger = try SQLiteLedgerStore(store: village.store).allTransactions()
        let receiver = UplinkReceiver(token: village.token, port: Loopback.freePort())
        // The backend already holds the first ten transactions (from an earlier life of this edge).
        receiver.state.withLock { $0.ledger = Array(ledger.prefix(10)) }
        try await receiver.start()
        let uplink = try village.uplink(receiver)
        try await uplink.enable()

        let steps = try await uplink.drain(maximumSteps: 200)
        #expect(steps.first == .resumed(ledgerSize: 10))
        #expect(receiver.state.withLock { $0.ledger } == ledger)
        let sentLedger = receiver.state.withLock { $0.applied.values.flatMap(\.ledger).map(\.sequence) }
        #expect(sentLedger == Array(10..<Int64(ledger.count)), "only what the backend did not hold is sent")
        #expect(receiver.intervalValues() == (try await village.intervals()))

        // The backend loses the tail of its copy (restored from a backup): the next batch with
        // ledger gets a 409, and the edge sends the lost transactions again.
        receiver.state.withLock { $0.ledger = Array(ledger.prefix(4)) }
        let store = SQLiteLedgerStore(store: village.store)
        try store.makeCheckpoint(key: LedgerSigningKey(), time: 2_000_000_000)
        let again = try await uplink.drain(maximumSteps: 200)
        #expect(again.first == .resumed(ledgerSize: 4))
        #expect(receiver.state.withLock { $0.ledger } == ledger)
        #expect(receiver.state.withLock { $0.checkpoints.count } >= 1)
        let report = try #require(try await uplink.outbox.report())
        #expect(report.pendingIntervals == 0 && report.pendingLedgerTransactions == 0 && report.pendingCheckpoints == 0)
        await uplink.client.shutdown()
        try await receiver.stop()
    }

    @Test func twoUploadersOnOneDatabaseDeliverEverythingAndSettleEachBatchOnce() async throws {
        let village = try await EdgeVillage.make()
        let receiver = UplinkReceiver(token: village.token, port: Loopback.freePort())
        try await receiver.start()
        let limits = UplinkLimits(intervals: 15, events: 1, ledgerTransactions: 3, checkpoints: 1)
        let first = try village.uplink(receiver, limits: limits)
        let second = try village.uplink(receiver, limits: limits)
        try await first.enable()
        async let a = Self.drainThroughFailures(first)
        async let b = Self.drainThroughFailures(second)
        let (stepsA, stepsB) = try await (a, b)
        let fresh = (stepsA.steps + stepsB.steps).compactMap { step -> Int64? in
            if case .acknowledged(let batch, false, _, _, _, _) = step { return batch }
            return nil
        }
        #expect(fresh.sorted() == Array(1...Int64(fresh.count)), "each batch number applied once, none skipped")
        #expect(receiver.intervalValues() == (try await village.intervals()))
        #expect(receiver.state.withLock { $0.events } == (try await village.events()))
        #expect(
            receiver.state.withLock { $0.ledger } == (try SQLiteLedgerStore(store: village.store).allTransactions()))
        let report = try #require(try await first.outbox.report())
        #expect(report.pendingIntervals == 0 && report.batchInFlight == nil && report.pendingLedgerTransactions == 0)
        await first.client.shutdown()
        await second.client.shutdown()
        try await receiver.stop()
    }
}
