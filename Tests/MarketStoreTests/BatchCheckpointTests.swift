import Foundation
import GRDB
import Market
import MarketTestKit
import TestKit
import Testing
import VillageStore

@testable import MarketStore

/// A checkpoint signed inside a settlement batch commits with the settlements it covers, or not at
/// all: it never signs rows that are not committed, and it shares their commit.
@Suite struct BatchCheckpointTests {
    struct SimulatedCrash: Error {}

    static func inputs(count: Int, from first: Int64, households: Int = 8) throws -> [IntervalSettlementInput] {
        var rng = SeededGenerator(seed: 0xB47C)
        return try (0..<count).map { index in
            let start = first + Int64(index) * 900
            let village = VillageFixture.random(households: households, using: &rng, intervalStart: start)
            let clearing = try MarketClearing.clear(village.book(), mechanism: .default, prices: village.prices)
            return IntervalSettlementInput(
                intervalStart: start, clearing: clearing, prices: village.prices, meterReadings: village.readings)
        }
    }

    @Test func aCheckpointSignedInABatchCoversItsSettlements() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 8)
        let ledger = SQLiteLedgerStore(store: village)
        let key = LedgerSigningKey()
        let inputs = try Self.inputs(count: 6, from: januaryFirst)
        let first = try ledger.batch { [inputs] batch in
            for input in inputs[..<3] { _ = try Settler(store: batch).settle(input) }
            return try batch.checkpoint(key: key, time: januaryFirst + 3 * 900)
        }
        let second = try ledger.batch { [inputs] batch in
            for input in inputs[3...] { _ = try Settler(store: batch).settle(input) }
            return try batch.checkpoint(key: key, time: januaryFirst + 6 * 900)
        }
        #expect(first.treeSize == 3)
        #expect(second.treeSize == 6)
        try first.verify(publicKey: key.publicKey)
        try second.verify(publicKey: key.publicKey)
        #expect(try ledger.checkpoints() == [first, second])
        var tree = InMemoryMerkleTree()
        for transaction in try ledger.allTransactions() { tree.append(transaction.leafHash) }
        #expect(second.rootHash == (try MerkleProofs(source: tree).root(size: 6)))
        #expect(first.rootHash == (try MerkleProofs(source: tree).root(size: 3)))
        #expect(try ledger.verify(against: first, publicKey: key.publicKey).consistent)
    }

    @Test func aBatchThatFailsAfterSigningLeavesNeitherRowsNorCheckpoint() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 8)
        let ledger = SQLiteLedgerStore(store: village)
        let key = LedgerSigningKey()
        let inputs = try Self.inputs(count: 4, from: januaryFirst)
        #expect(throws: SimulatedCrash.self) {
            try ledger.batch { [inputs] batch in
                for input in inputs { _ = try Settler(store: batch).settle(input) }
                try batch.checkpoint(key: key, time: januaryFirst)
                throw SimulatedCrash()
            }
        }
        #expect(try ledger.transactionCount() == 0)
        #expect(try ledger.checkpoints().isEmpty)
        let parties = try await village.databaseWriter.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_parties") ?? -1
        }
        #expect(parties == 0)
        // The retry settles and signs as if the failed batch had never run.
        let checkpoint = try ledger.batch { [inputs] batch in
            for input in inputs { _ = try Settler(store: batch).settle(input) }
            return try batch.checkpoint(key: key, time: januaryFirst)
        }
        #expect(checkpoint.treeSize == 4)
        #expect(try ledger.verify().isIntact)
    }
}
