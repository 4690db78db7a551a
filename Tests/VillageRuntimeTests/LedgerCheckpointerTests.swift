import Foundation
import Logging
import Market
import MarketStore
import TestKit
import Testing
import VillageStore

@testable import VillageRuntime

/// The daemon's settlement signs a ledger checkpoint after each settlement batch that grew the
/// ledger, and again once the newest is a day old; a bad key stops it before it starts.
@Suite struct LedgerCheckpointerTests {
    static let midnight = SettlementCatchUpTests.midnight

    /// A poll committed at `time`, so that the service sees intervals before it as closed.
    static func poll(_ store: VillageStore, at time: Int64) async throws {
        _ = try await store.commit(
            MeteringBatch(health: [HealthUpdate(deviceId: "101-elec", timestamp: time, outcome: .success)]))
    }

    @Test func aCheckpointFollowsEachBatchThatGrewTheLedgerAndAtLeastDaily() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let catchUp = try await SettlementCatchUpTests.makeCatchUp(directory)
        let store = catchUp.settlement.store
        let ledger = catchUp.settlement.ledger
        let keyPath = directory.appendingPathComponent("operator.key").path
        let key = LedgerSigningKey()
        try key.write(to: keyPath)
        let clock = ManualTime(Self.midnight)
        let service = SettlementService(
            catchUp: catchUp, clock: ContinuousClock(), tick: .seconds(1), settleDelaySeconds: 60,
            logger: Logger(label: "test"), checkpointer: try LedgerCheckpointer(ledger: ledger, keyPath: keyPath),
            now: { clock.now })

        try await SettlementCatchUpTests.record(store, intervals: 0..<4)
        clock.now = Self.midnight + 4 * 900 + 60
        try await Self.poll(store, at: clock.now)
        guard case .success = await service.settleIfClosed(after: nil) else { throw Failure("settlement failed") }
        var checkpoints = try ledger.checkpoints()
        #expect(checkpoints.map(\.treeSize) == [4])

        // Nothing new: no new checkpoint within the day.
        clock.now += 900
        try await Self.poll(store, at: clock.now)
        _ = await service.settleIfClosed(after: Self.midnight + 4 * 900)
        #expect(try ledger.checkpoints().count == 1)

        // New intervals settled: a checkpoint of the grown ledger.
        try await SettlementCatchUpTests.record(store, intervals: 4..<6)
        clock.now = Self.midnight + 6 * 900 + 60
        try await Self.poll(store, at: clock.now)
        _ = await service.settleIfClosed(after: Self.midnight + 5 * 900)
        checkpoints = try ledger.checkpoints()
        #expect(checkpoints.map(\.treeSize) == [4, 6])

        // A day later with nothing to settle, a fresh checkpoint of the same tree.
        clock.now += 86_400
        try await Self.poll(store, at: clock.now)
        _ = await service.settleIfClosed(after: Self.midnight + 6 * 900)
        checkpoints = try ledger.checkpoints()
        #expect(checkpoints.map(\.treeSize) == [4, 6, 6])
        for checkpoint in checkpoints { try checkpoint.verify(publicKey: key.publicKey) }
        #expect(checkpoints[2].rootHash == checkpoints[1].rootHash)
        #expect(try ledger.verify(against: checkpoints[0], publicKey: key.publicKey).consistent)
    }

    @Test func aMissingOrLooseKeyIsRefusedNamingTheFile() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let catchUp = try await SettlementCatchUpTests.makeCatchUp(directory)
        let missing = directory.appendingPathComponent("missing.key").path
        #expect(throws: LedgerKeyError.self) {
            try LedgerCheckpointer(ledger: catchUp.settlement.ledger, keyPath: missing)
        }
        let loose = directory.appendingPathComponent("loose.key").path
        FileManager.default.createFile(
            atPath: loose, contents: Data(LedgerSigningKey().fileText.utf8), attributes: [.posixPermissions: 0o644])
        do {
            _ = try LedgerCheckpointer(ledger: catchUp.settlement.ledger, keyPath: loose)
            Issue.record("a key readable by others was accepted")
        } catch {
            #expect(error.subject == loose)
            #expect(error.message.contains("readable by others"))
        }
    }

    /// Platform time the test sets by hand.
    final class ManualTime: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Int64
        init(_ value: Int64) { self.value = value }
        var now: Int64 {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue } }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
