import Foundation
import Market
import TestKit
import Testing
import VillageUplink

/// A batch number sent again: with the same content it is a resend (duplicate, nothing changes);
/// with other content it is a re-installed edge counting from 1 again, and is refused with where
/// to go on from rather than silently dropped.
@Suite struct BatchNumberReuseTests {
    static let start = UplinkIngestTests.start

    @Test func otherContentUnderAnAppliedNumberIsAConflictThatNamesTheNextNumber() async throws {
        var alpha = SampleVillage(name: "alpha")
        for i in 0..<2 {
            alpha.settle(start: Self.start + Int64(i) * 900, household: "101", energyWh: 500, milliWon: 75_000)
        }
        let village = alpha
        try await BackendFixture.run(villages: [("alpha", village.key.publicKey)]) { backend in
            let token = try backend.token("alpha")
            let first = UplinkBatch(
                village: "alpha", batchNumber: 1,
                intervals: SampleVillage.intervals(households: ["101"], start: Self.start, count: 2, revision: 40),
                ledger: village.ledger)
            let second = UplinkBatch(
                village: "alpha", batchNumber: 2,
                intervals: SampleVillage.intervals(households: ["102"], start: Self.start, count: 2, revision: 41))
            #expect(try await backend.post(first, token: token).status == 200)
            #expect(try await backend.post(second, token: token).status == 200)

            // The same bytes again: a resend.
            let resend = try await backend.post(first, token: token, gzip: false)
            #expect(resend.status == 200, "\(resend.text)")
            #expect(try resend.acknowledgement().duplicate)

            // Batch 1 again with other content (a re-installed edge, its revisions from 1 again).
            let reinstalled = UplinkBatch(
                village: "alpha", batchNumber: 1,
                intervals: SampleVillage.intervals(households: ["101"], start: Self.start, count: 2, revision: 3) {
                    _, i in Int64(900 + i)
                })
            let refused = try await backend.post(reinstalled, token: token)
            #expect(refused.status == 409, "\(refused.text)")
            #expect(refused.errorField == "batchNumber")
            #expect(refused.object["nextBatchNumber"] as? Int == 3)
            #expect(refused.object["ledgerSize"] as? Int == 2)
            #expect(refused.object["intervalRevision"] as? Int == 41)
            #expect(try backend.postgres.psql("SELECT sum(value) FROM intervals WHERE value >= 900") == "")
            #expect(try backend.count("batches") == 2)

            // Renumbered, with revisions above the backend's, the same content is applied.
            var renumbered = reinstalled
            renumbered.batchNumber = 3
            renumbered.intervals = renumbered.intervals.map {
                UplinkInterval(interval: $0.interval, revision: $0.revision + 41)
            }
            let applied = try await backend.post(renumbered, token: token)
            #expect(applied.status == 200, "\(applied.text)")
            #expect(try applied.acknowledgement().duplicate == false)
            #expect(try backend.count("intervals", "owner_id = '101' AND value >= 900") == 4)
            #expect(try backend.count("intervals") == 8)
            #expect(try backend.postgres.psql("SELECT interval_revision FROM villages") == "44")
        }
    }
}
