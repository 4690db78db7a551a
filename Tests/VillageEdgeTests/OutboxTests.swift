import Foundation
import GRDB
import Market
import MarketStore
import SettledVillageKit
import TestKit
import Testing
import VillageEdge
import VillageStore
import VillageUplink

/// The outbox in the village database, without a network: what it tracks, and from when.
@Suite struct OutboxTests {
    @Test func aVillageWithoutAnUplinkKeepsNoOutbox() async throws {
        let village = try await EdgeVillage.make()
        _ = try await village.rewrite(count: 2, adding: 5)
        let rows = try await village.store.databaseWriter.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM uplink_interval_outbox")
        }
        #expect(rows == 0)
        #expect(try await UplinkOutbox(store: village.store).report() == nil)
    }

    @Test func enablingQueuesTheWholeHistoryAndEveryRewriteGetsAHigherRevision() async throws {
        let village = try await EdgeVillage.make()
        let outbox = UplinkOutbox(store: village.store)
        let state = try await outbox.enable(at: 1_000)
        #expect(state.village == "eco-delta")
        #expect(state.nextBatch == 1)
        let intervals = try await village.intervals()
        let ledgerSize = try SQLiteLedgerStore(store: village.store).transactionCount()
        var report = try #require(try await outbox.report())
        #expect(report.pendingIntervals == Int64(intervals.count))
        #expect(report.pendingEvents == 3)
        #expect(report.pendingLedgerTransactions == Int64(ledgerSize))
        #expect(report.pendingCheckpoints == 1)
        #expect(ledgerSize > 0)

        // Enabling again changes nothing.
        #expect(try await outbox.enable(at: 2_000) == state)

        // A batch carries the oldest rows; a rewrite of one of them after the batch was taken keeps
        // the interval pending with a higher revision and its new value.
        let batch = try #require(
            try await outbox.nextBatch(
                limits: UplinkLimits(intervals: 10, events: 10, ledgerTransactions: 5, checkpoints: 5), at: 3_000))
        let sent = try batch.decoded()
        #expect(sent.intervals.count == 10)
        #expect(sent.ledger.map(\.sequence) == [0, 1, 2, 3, 4])
        #expect(sent.checkpoints.isEmpty, "the checkpoint covers more of the ledger than this batch carries")
        #expect(sent.events.count == 3)
        // The batch in flight is the one returned again, byte for byte.
        #expect(try await outbox.nextBatch(at: 3_001) == batch)

        let target = try #require(sent.intervals.first)
        var rewritten = target.interval
        rewritten.value += 1_000
        rewritten.quality = .measured
        try await village.store.upsert(intervals: [rewritten])

        let acknowledged = try await outbox.acknowledge(
            batch, answer: UplinkAcknowledgement(village: "eco-delta", batchNumber: 1, duplicate: false, ledgerSize: 5),
            at: 4_000)
        #expect(acknowledged)
        // Settling the same batch again is refused: nothing is acknowledged twice.
        #expect(
            try await outbox.acknowledge(
                batch,
                answer: UplinkAcknowledgement(village: "eco-delta", batchNumber: 1, duplicate: true, ledgerSize: 5),
                at: 4_001) == false)
        report = try #require(try await outbox.report())
        #expect(report.pendingIntervals == Int64(intervals.count - 10 + 1))
        #expect(report.pendingEvents == 0)
        #expect(report.pendingLedgerTransactions == Int64(ledgerSize - 5))
        #expect(report.lastAcknowledgedBatch == 1)
        #expect(report.lastAcknowledgedAt == 4_000)

        let next = try #require(try await outbox.nextBatch(at: 5_000)).decoded()
        #expect(next.batchNumber == 2)
        #expect(next.ledger.first?.sequence == 5)
        let resent = try #require(
            next.intervals.first {
                $0.interval.start == target.interval.start
                    && $0.interval.owner == target.interval.owner && $0.interval.channel == target.interval.channel
            })
        #expect(resent.interval.value == rewritten.value)
        #expect(resent.revision > target.revision)
        #expect(next.checkpoints.count == 1, "the whole ledger is in this batch, so its checkpoint is too")
    }
}

extension OutboxTests {
    @Test func anInterruptedHistoryFillContinuesAtTheNextEnable() async throws {
        let village = try await EdgeVillage.make()
        let outbox = UplinkOutbox(store: village.store)
        try await outbox.enable(at: 1_000)
        let count = try await village.intervals().count
        // As after a crash between the enabling transaction and the day-by-day fill: the state is
        // there, the history is not.
        let first = try #require(SettledVillage.days.first)
        try await village.store.databaseWriter.write { db in
            try db.execute(sql: "DELETE FROM uplink_interval_outbox")
            try db.execute(
                sql: "UPDATE uplink_state SET history_next = ?, history_end = ? WHERE id = 1",
                arguments: [first, SettledVillage.days.last! + 7 * 900])
        }
        // A rewrite meanwhile is caught by its trigger, and keeps that row.
        let rewritten = try await village.rewrite(count: 1, adding: 3)
        let revision = try await village.store.databaseWriter.read { db in
            try Int64.fetchOne(db, sql: "SELECT revision FROM uplink_interval_outbox")
        }
        let state = try await outbox.enable(at: 2_000)
        #expect(state.historyNext == nil && state.historyEnd == nil)
        #expect(try await outbox.report()?.pendingIntervals == Int64(count))
        let kept = try await village.store.databaseWriter.read { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT revision FROM uplink_interval_outbox
                    WHERE owner_kind = 'household' AND owner_id = ? AND channel = ? AND start = ?
                    """, arguments: [rewritten[0].owner.id, rewritten[0].channel.rawValue, rewritten[0].start])
        }
        #expect(kept == revision)
    }
}

/// The backoff between failed attempts.
@Suite struct UplinkBackoffTests {
    @Test func doublesUpToTheCapAndJittersInTheUpperHalf() {
        let backoff = UplinkBackoff(base: .seconds(1), cap: .seconds(300))
        #expect(backoff.ceiling(afterFailures: 1) == .seconds(1))
        #expect(backoff.ceiling(afterFailures: 2) == .seconds(2))
        #expect(backoff.ceiling(afterFailures: 9) == .seconds(256))
        #expect(backoff.ceiling(afterFailures: 10) == .seconds(300))
        #expect(backoff.ceiling(afterFailures: 1_000) == .seconds(300))
        var generator = SeededGenerator(seed: 7)
        var delays: Set<Duration> = []
        for failures in 1...40 {
            let ceiling = backoff.ceiling(afterFailures: failures)
            let delay = backoff.delay(afterFailures: failures, using: &generator)
            #expect(
                delay >= ceiling / 2 && delay <= ceiling,
                "failure \(failures): \(delay) outside [\(ceiling / 2), \(ceiling)]")
            if failures > 10 { delays.insert(delay) }
        }
        #expect(delays.count > 20, "the delays at the cap are spread, not one value")
    }
}

/// gzip round trip and an independent reader (Python's gzip module).
@Suite struct GzipTests {
    @Test func compressesWhatPythonsGzipReadsBack() throws {
        let text = Array(String(repeating: #"{"interval":{"value":123},"revision":4}"#, count: 500).utf8)
        let compressed = try Gzip.compress(text)
        #expect(compressed.count < text.count / 10)
        #expect(try Gzip.decompress(compressed) == text)
        let directory = try TestFiles.temporaryDirectory()
        let file = directory.appendingPathComponent("body.gz")
        try Data(compressed).write(to: file)
        let python = try PeerProcess.run(
            "python3", ["-c", "import gzip,sys; sys.stdout.write(gzip.open(sys.argv[1]).read().decode())", file.path])
        #expect(python.status == 0)
        #expect(python.output == String(decoding: text, as: UTF8.self))
    }
}
