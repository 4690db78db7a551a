import Foundation
import GRDB
import Market
import Testing
import VillageEdge
import VillageStore
import VillageUplink

/// After the backend says a batch number was used for other content (this database is a
/// re-installation): the batch in flight is dropped, the next batch takes the backend's number,
/// the ledger continues from its size, and every pending interval revision, and every later one,
/// lies above the highest revision the backend holds, in the same order as before.
@Suite struct RenumberTests {
    static func pendingRevisions(_ store: VillageStore) async throws -> [String: Int64] {
        try await store.databaseWriter.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT owner_id || '/' || channel || '/' || start AS key, revision FROM uplink_interval_outbox")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["key"] as String, $0["revision"] as Int64) })
        }
    }

    @Test func renumberingLiftsPendingRevisionsAboveTheBackendsAndKeepsTheirOrder() async throws {
        let village = try await EdgeVillage.make()
        let outbox = UplinkOutbox(store: village.store)
        try await outbox.enable(at: 1_000)
        let batch = try #require(
            try await outbox.nextBatch(
                limits: UplinkLimits(intervals: 10, events: 10, ledgerTransactions: 5, checkpoints: 5), at: 2_000))
        #expect(batch.number == 1)
        let before = try await Self.pendingRevisions(village.store)
        let highest = try #require(before.values.max())
        let floor = highest + 500

        try await outbox.renumber(
            batch, nextBatch: 7, ledgerSize: 3, intervalRevision: floor, at: 3_000, error: "renumbered")
        let state = try #require(try await outbox.state())
        #expect(state.nextBatch == 7)
        #expect(state.ledgerAcknowledged == 3)
        #expect(try await outbox.inFlight() == nil)
        let after = try await Self.pendingRevisions(village.store)
        #expect(Set(after.keys) == Set(before.keys))
        #expect(after.values.allSatisfy { $0 > floor })
        #expect(before.sorted { $0.value < $1.value }.map(\.key) == after.sorted { $0.value < $1.value }.map(\.key))

        // A later write gets a revision above every lifted one.
        let rewritten = try await village.rewrite(count: 1, adding: 9)
        let key = try #require(rewritten.first.map { "\($0.owner.id)/\($0.channel.rawValue)/\($0.start)" })
        let written = try await Self.pendingRevisions(village.store)
        #expect(written[key] ?? 0 > after.values.max() ?? .max)

        // The next batch carries the backend's number, the ledger from its size, the new revisions.
        let next = try #require(try await outbox.nextBatch(at: 4_000))
        #expect(next.number == 7)
        let sent = try next.decoded()
        #expect(sent.ledger.first?.sequence == 3)
        #expect(sent.intervals.allSatisfy { $0.revision > floor })

        // A floor below every revision this database gives changes none of them.
        let unchanged = try await Self.pendingRevisions(village.store)
        try await outbox.renumber(next, nextBatch: 8, ledgerSize: 3, intervalRevision: 1, at: 5_000, error: "again")
        #expect(try await Self.pendingRevisions(village.store) == unchanged)
        #expect(try await outbox.state()?.nextBatch == 8)
    }
}
