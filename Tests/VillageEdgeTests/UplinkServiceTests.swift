import Foundation
import Logging
import ServiceLifecycle
import SettledVillageKit
import Synchronization
import TestKit
import Testing
import VillageEdge
import VillageStore
import VillageUplink

/// The uploader as a service of a group, as `village run --upstream` runs it.
@Suite(.timeLimit(.minutes(2))) struct UplinkServiceTests {
    /// Waits until `condition` holds, checking after each short pause; the condition is progress
    /// observed in the receiver or the database, not a duration.
    static func waitUntil(_ condition: () async throws -> Bool) async throws {
        while try await !condition() { try await Task.sleep(for: .milliseconds(20)) }
    }

    @Test func aBackendThatNeverAnswersHoldsUpNoWriteAndTheServiceCatchesUpAfterwards() async throws {
        let village = try await EdgeVillage.make()
        let receiver = UplinkReceiver(token: village.token, port: Loopback.freePort())
        receiver.state.withLock { $0.holdFrom = 1 }
        try await receiver.start()
        let uplink = try village.uplink(
            receiver, limits: UplinkLimits(intervals: 50, events: 50, ledgerTransactions: 10, checkpoints: 10))
        let service = UplinkService(
            uplink: uplink, backoff: UplinkBackoff(base: .milliseconds(20), cap: .milliseconds(200)),
            idleInterval: .milliseconds(20), logger: Logger(label: "test.uplink"))
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        let running = Task { try await group.run() }

        // The first batch is sent and held unanswered.
        try await Self.waitUntil { receiver.state.withLock { !$0.requests.isEmpty } }
        // Meanwhile the village writes on: late readings and an event commit at once.
        let rewritten = try await village.rewrite(count: 4, adding: 9)
        try await village.store.record(
            event: DeviceEvent(deviceId: "102-elec", timestamp: SettledVillage.days[1], kind: .offline, detail: "test"))
        #expect(receiver.state.withLock { $0.applied.isEmpty })

        // Graceful shutdown ends the held request; the batch stays in flight for the next start.
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(try await uplink.outbox.inFlight()?.number == 1)

        // The next start, against a backend that answers, delivers everything.
        receiver.state.withLock { $0.holdFrom = nil }
        let again = try village.uplink(receiver)
        let second = ServiceGroup(
            configuration: .init(
                services: [
                    .init(
                        service: UplinkService(
                            uplink: again, backoff: UplinkBackoff(base: .milliseconds(20), cap: .milliseconds(200)),
                            idleInterval: .milliseconds(20), logger: Logger(label: "test.uplink")))
                ], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        let secondRun = Task { try await second.run() }
        try await Self.waitUntil {
            let report = try await again.outbox.report()
            return report?.pendingIntervals == 0 && report?.pendingEvents == 0 && report?.batchInFlight == nil
                && report?.pendingLedgerTransactions == 0 && report?.pendingCheckpoints == 0
        }
        await second.triggerGracefulShutdown()
        try await secondRun.value
        #expect(receiver.intervalValues() == (try await village.intervals()))
        #expect(receiver.intervalValues()[UplinkReceiver.key(rewritten[0])]?.first == rewritten[0].value)
        #expect(receiver.state.withLock { $0.events } == (try await village.events()))
        try await receiver.stop()
    }

    @Test func aDownBackendIsRetriedWithBackoffAndTheErrorShows() async throws {
        let village = try await EdgeVillage.make()
        let receiver = UplinkReceiver(token: village.token, port: Loopback.freePort())
        let uplink = try village.uplink(receiver)
        let service = UplinkService(
            uplink: uplink, backoff: UplinkBackoff(base: .milliseconds(20), cap: .milliseconds(100)),
            idleInterval: .milliseconds(20), logger: Logger(label: "test.uplink"))
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        // The failure is recorded while the backend is down.
        try await Self.waitUntil { try await uplink.outbox.report()?.lastError != nil }
        #expect(try await uplink.outbox.report()?.lastAcknowledgedBatch == nil)
        // It comes up: the service gets through on a later attempt, without being restarted.
        try await receiver.start()
        try await Self.waitUntil {
            let report = try await uplink.outbox.report()
            return report?.pendingIntervals == 0 && report?.batchInFlight == nil && report?.pendingCheckpoints == 0
        }
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(receiver.intervalValues() == (try await village.intervals()))
        try await receiver.stop()
    }
}
