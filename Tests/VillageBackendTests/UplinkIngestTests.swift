import Foundation
import Market
import TestKit
import Testing
import VillageStore
import VillageUplink

/// Batches from a village into the backend on a real PostgreSQL: applied once however often sent,
/// newest revision kept, and a ledger or checkpoint that fails verification refused whole.
@Suite struct UplinkIngestTests {
    /// 2026-06-30 23:30 UTC: four quarter hours from here span two months, so two partitions.
    static let start: Int64 = 1_782_864_000 - 1_800

    @Test func batchIsAppliedOnceAndResendIsDuplicate() async throws {
        var alpha = SampleVillage(name: "alpha")
        for i in 0..<3 {
            alpha.settle(start: Self.start + Int64(i) * 900, household: "101", energyWh: 500, milliWon: 75_000)
        }
        let batch = UplinkBatch(
            village: "alpha", batchNumber: 1,
            intervals: SampleVillage.intervals(households: ["101", "102", "103"], start: Self.start, count: 4),
            events: [
                DeviceEvent(deviceId: "meter-101", timestamp: Self.start, kind: .offline),
                DeviceEvent(deviceId: "meter-101", timestamp: Self.start + 60, kind: .online, channel: "import.active"),
            ],
            ledger: alpha.ledger, checkpoints: [try alpha.checkpoint()])
        let village = alpha
        try await BackendFixture.run(villages: [("alpha", village.key.publicKey)]) { backend in
            let first = try await backend.post(batch, token: try backend.token("alpha"))
            #expect(first.status == 200, "\(first.text)")
            #expect(
                try first.acknowledgement()
                    == UplinkAcknowledgement(village: "alpha", batchNumber: 1, duplicate: false, ledgerSize: 3))
            #expect(try backend.count("intervals") == 24)
            #expect(try backend.count("events") == 2)
            #expect(try backend.count("ledger_transactions") == 3)
            #expect(try backend.count("ledger_postings") == 12)
            #expect(try backend.count("checkpoints") == 1)
            // Native partitions: the parent is partitioned, and June and July have one each.
            #expect(try backend.postgres.psql("SELECT relkind FROM pg_class WHERE relname = 'intervals'") == "p")
            #expect(
                try backend.postgres.psql(
                    "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'intervals'::regclass"
                ) == "intervals_y2026m06,intervals_y2026m07")
            #expect(try backend.count("intervals_y2026m06") == 12)
            let sum = try backend.postgres.psql("SELECT sum(value) FROM intervals")
            #expect(Int(sum) == batch.intervals.reduce(0) { $0 + Int($1.interval.value) })

            // The edge did not hear the answer and sends again, uncompressed this time.
            let again = try await backend.post(batch, token: try backend.token("alpha"), gzip: false)
            #expect(again.status == 200, "\(again.text)")
            #expect(
                try again.acknowledgement()
                    == UplinkAcknowledgement(village: "alpha", batchNumber: 1, duplicate: true, ledgerSize: 3))
            #expect(try backend.count("intervals") == 24)
            #expect(try backend.count("events") == 2)
            #expect(try backend.count("ledger_transactions") == 3)
            #expect(try backend.count("batches") == 1)

            // A later batch with an overlapping event and the next transaction continues the chain.
            var next = village
            next.settle(start: Self.start + 2_700, household: "102", energyWh: 300, milliWon: 45_000)
            let second = UplinkBatch(
                village: "alpha", batchNumber: 2, events: [batch.events[1]], ledger: [next.ledger[3]],
                checkpoints: [try next.checkpoint()])
            let answer = try await backend.post(second, token: try backend.token("alpha"))
            #expect(answer.status == 200, "\(answer.text)")
            #expect(try answer.acknowledgement().ledgerSize == 4)
            #expect(try backend.count("events") == 2)
            #expect(
                try backend.postgres.psql("SELECT ledger_head FROM villages WHERE name = 'alpha'")
                    == next.ledger[3].hash)
        }
    }

    @Test func concurrentResendsApplyOnce() async throws {
        var alpha = SampleVillage(name: "alpha")
        for i in 0..<4 {
            alpha.settle(start: Self.start + Int64(i) * 900, household: "101", energyWh: 500, milliWon: 75_000)
        }
        let batch = UplinkBatch(
            village: "alpha", batchNumber: 7,
            intervals: SampleVillage.intervals(households: ["101", "102"], start: Self.start, count: 4),
            ledger: alpha.ledger, checkpoints: [try alpha.checkpoint()])
        try await BackendFixture.run(villages: [("alpha", alpha.key.publicKey)]) { backend in
            let token = try backend.token("alpha")
            let answers = try await withThrowingTaskGroup(of: BackendFixture.Answer.self) { group in
                for _ in 0..<4 { group.addTask { try await backend.post(batch, token: token) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.map(\.status) == [200, 200, 200, 200] as [Int], "\(answers.map(\.text))")
            let duplicates = try answers.map { try $0.acknowledgement().duplicate }
            #expect(duplicates.filter { !$0 }.count == 1)
            #expect(try answers.allSatisfy { try $0.acknowledgement().ledgerSize == 4 })
            #expect(try backend.count("intervals") == 16)
            #expect(try backend.count("ledger_transactions") == 4)
            #expect(try backend.count("ledger_merkle_nodes") == 7)
        }
    }

    @Test func staleRevisionDoesNotReplaceNewerValue() async throws {
        let alpha = SampleVillage(name: "alpha")
        @Sendable func interval(_ value: Int64, revision: Int64) -> UplinkInterval {
            UplinkInterval(
                interval: IntervalEnergy(
                    owner: .household("101"), channel: "import.active", start: Self.start, value: value,
                    quality: .measured),
                revision: revision)
        }
        try await BackendFixture.run(villages: [("alpha", alpha.key.publicKey)]) { backend in
            let token = try backend.token("alpha")
            let newer = UplinkBatch(village: "alpha", batchNumber: 1, intervals: [interval(100, revision: 5)])
            let stale = UplinkBatch(village: "alpha", batchNumber: 2, intervals: [interval(50, revision: 3)])
            let newest = UplinkBatch(
                village: "alpha", batchNumber: 3, intervals: [interval(60, revision: 7), interval(70, revision: 9)])
            #expect(try await backend.post(newer, token: token).status == 200)
            #expect(try await backend.post(stale, token: token).status == 200)
            #expect(try backend.postgres.psql("SELECT value || '/' || revision FROM intervals") == "100/5")
            #expect(try await backend.post(newest, token: token).status == 200)
            #expect(try backend.postgres.psql("SELECT value || '/' || revision FROM intervals") == "70/9")
            #expect(try backend.count("intervals") == 1)
        }
    }

    @Test func tamperedOrBrokenLedgerIsRefusedWhole() async throws {
        var alpha = SampleVillage(name: "alpha")
        for i in 0..<3 {
            alpha.settle(start: Self.start + Int64(i) * 900, household: "101", energyWh: 500, milliWon: 75_000)
        }
        let intervals = SampleVillage.intervals(households: ["101"], start: Self.start, count: 2)
        var tampered = alpha.ledger
        tampered[1].postings[1].amount = -1_000  // the household paid less than settled
        var relinked = alpha.ledger
        relinked[0].previousHash = String(repeating: "1", count: 64)
        relinked[0] = relinked[0].sealed()
        let village = alpha
        let (alteredLedger, forkedLedger) = (tampered, relinked)
        try await BackendFixture.run(villages: [("alpha", village.key.publicKey)]) { backend in
            let token = try backend.token("alpha")
            let altered = try await backend.post(
                UplinkBatch(village: "alpha", batchNumber: 1, intervals: intervals, ledger: alteredLedger), token: token
            )
            #expect(altered.status == 422, "\(altered.text)")
            #expect(altered.errorField == "ledger[1].hash")
            let forked = try await backend.post(
                UplinkBatch(village: "alpha", batchNumber: 1, intervals: intervals, ledger: forkedLedger), token: token)
            #expect(forked.status == 422, "\(forked.text)")
            #expect(forked.errorField == "ledger[0].previousHash")
            // Nothing of a refused batch is kept, its intervals included.
            #expect(try backend.count("intervals") == 0)
            #expect(try backend.count("ledger_transactions") == 0)
            #expect(try backend.count("batches") == 0)

            // A batch that skips transactions does not continue the copy: 409 and where to resume.
            let skipping = try await backend.post(
                UplinkBatch(village: "alpha", batchNumber: 1, ledger: Array(village.ledger[1...])), token: token)
            #expect(skipping.status == 409, "\(skipping.text)")
            #expect(skipping.object["ledgerSize"] as? Int == 0)

            let good = try await backend.post(
                UplinkBatch(village: "alpha", batchNumber: 1, ledger: Array(village.ledger[..<2])), token: token)
            #expect(good.status == 200, "\(good.text)")
            let overlapping = try await backend.post(
                UplinkBatch(village: "alpha", batchNumber: 2, ledger: village.ledger), token: token)
            #expect(overlapping.status == 409)
            #expect(overlapping.object["ledgerSize"] as? Int == 2)
            #expect(try backend.count("ledger_transactions") == 2)
        }
    }

    @Test func checkpointMustBeSignedByTheVillageOverTheStoredLedger() async throws {
        var alpha = SampleVillage(name: "alpha")
        for i in 0..<5 {
            alpha.settle(start: Self.start + Int64(i) * 900, household: "101", energyWh: 500, milliWon: 75_000)
        }
        var other = SampleVillage(name: "alpha")
        for i in 0..<5 {
            other.settle(start: Self.start + Int64(i) * 900, household: "102", energyWh: 400, milliWon: 60_000)
        }
        let stranger = LedgerSigningKey()
        let forged = try alpha.checkpoint(signedBy: stranger)
        // Signed by the village's key, but over another ledger's root.
        let wrongRoot = try LedgerCheckpoint(
            origin: "village-ledger/alpha", treeSize: 5, rootHash: try other.checkpoint().rootHash, time: 1_767_225_600,
            key: alpha.key)
        let beyond = try LedgerCheckpoint(
            origin: "village-ledger/alpha", treeSize: 6, rootHash: try alpha.checkpoint().rootHash, time: 1_767_225_600,
            key: alpha.key
        )
        // A checkpoint of a log that is not a village ledger, even under the village's key.
        let misnamed = try LedgerCheckpoint(
            origin: "alpha", treeSize: 5, rootHash: try alpha.checkpoint().rootHash, time: 1_767_225_600,
            key: alpha.key)
        let village = alpha
        try await BackendFixture.run(villages: [("alpha", village.key.publicKey)]) { backend in
            let token = try backend.token("alpha")
            for (checkpoint, field) in [
                (forged, "checkpoints[0].signature"), (wrongRoot, "checkpoints[0].rootHash"),
                (beyond, "checkpoints[0].treeSize"),
            ] {
                let answer = try await backend.post(
                    UplinkBatch(village: "alpha", batchNumber: 1, ledger: village.ledger, checkpoints: [checkpoint]),
                    token: token)
                #expect(answer.status == 422, "\(field): \(answer.text)")
                #expect(answer.errorField == field)
            }
            let refused = try await backend.post(
                UplinkBatch(village: "alpha", batchNumber: 1, ledger: village.ledger, checkpoints: [misnamed]),
                token: token)
            #expect(refused.status == 400, "checkpoints[0].origin: \(refused.text)")
            #expect(refused.errorField == "checkpoints[0].origin")
            #expect(try backend.count("ledger_transactions") == 0)
            #expect(try backend.count("checkpoints") == 0)

            // The ledger in two batches, then a checkpoint of an earlier size in a third: its root
            // is recomputed from the stored Merkle nodes.
            var early = SampleVillage(name: "alpha")
            for i in 0..<3 {
                early.settle(start: Self.start + Int64(i) * 900, household: "101", energyWh: 500, milliWon: 75_000)
            }
            #expect(early.ledger == Array(village.ledger[..<3]))
            let one = try await backend.post(
                UplinkBatch(village: "alpha", batchNumber: 1, ledger: Array(village.ledger[..<3])), token: token)
            let two = try await backend.post(
                UplinkBatch(village: "alpha", batchNumber: 2, ledger: Array(village.ledger[3...])), token: token)
            let three = try await backend.post(
                UplinkBatch(
                    village: "alpha", batchNumber: 3,
                    checkpoints: [try early.checkpoint(signedBy: village.key), try village.checkpoint()]),
                token: token)
            #expect([one.status, two.status, three.status] == [200, 200, 200] as [Int], "\(three.text)")
            #expect(
                try backend.postgres.psql("SELECT string_agg(tree_size::text, ',' ORDER BY tree_size) FROM checkpoints")
                    == "3,5")
        }
    }
}
