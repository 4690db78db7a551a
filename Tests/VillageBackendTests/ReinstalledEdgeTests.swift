import Foundation
import GRDB
import SettledVillageKit
import TestKit
import Testing
import VillageStore

/// A village whose database is lost and re-created: its new edge numbers batches, and interval
/// revisions, from 1 again, under the same name and upload token. The backend must not take the
/// new batches for resends of the old ones, nor keep the old installation's values because their
/// revisions are higher: it ends with every row once, equal to the new database.
@Suite struct ReinstalledEdgeTests {
    @Test func reinstalledVillageIsNumberedOnAndEndsEqualToItsNewDatabase() async throws {
        let postgres = try TemporaryPostgres()
        defer { postgres.stop() }
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let village = EdgeToBackendTests.village

        // Edge A: the settled village with a signed checkpoint, registered at the backend.
        let first = try await SettledVillage.make(at: path("village.sqlite"))
        let keys = try village(["keys", "generate", "--out", path("ledger.key"), "--json"])
        #expect(keys.status == 0, "\(keys.output)")
        let publicKey = try #require(
            (try JSONSerialization.jsonObject(with: Data(keys.output.utf8)) as? [String: Any])?["publicKey"] as? String)
        let signed = try village(["ledger", "checkpoint", "--db", first.path, "--key", path("ledger.key")])
        #expect(signed.status == 0, "\(signed.output)")
        let added = try village([
            "backend", "villages", "add", "--pg", postgres.url, "--name", "eco-delta", "--public-key", publicKey,
            "--token-file", path("upload.token"),
        ])
        #expect(added.status == 0, "\(added.output)")
        let port = Loopback.freePort()
        let backend = try await EdgeToBackendTests.startBackend(
            postgres, port: port, log: directory.appendingPathComponent("backend.log"))
        defer { backend.terminate() }
        let push = [
            "uplink", "push", "--db", first.path, "--upstream", "http://127.0.0.1:\(port)", "--upstream-token",
            path("upload.token"), "--batch-intervals", "100", "--batch-ledger", "5",
        ]

        // A sends batch 1, rewrites intervals of 102 it has sent (late readings: the highest
        // revisions of A), and sends batches 2 and 3, which carry them.
        let late = first.intervals.filter { $0.owner == .household("102") }.prefix(10)
        let one = try village(push + ["--max-batches", "1"])
        #expect(one.status == 0, "\(one.output)")
        try await VillageStore(path: first.path).upsert(intervals: late.map { $0.adding(7) })
        let two = try village(push + ["--max-batches", "2"])
        #expect(two.status == 0, "\(two.output)")
        #expect(
            try postgres.psql("SELECT string_agg(batch_number::text, ',' ORDER BY batch_number) FROM batches")
                == "1,2,3")
        #expect(try postgres.psql("SELECT count(*) FROM ledger_transactions") == "15")
        let aRevision = try #require(Int(try postgres.psql("SELECT interval_revision FROM villages")))

        // A's database is lost. The village is set up again from the same history (its ledger is
        // the same chain, its checkpoint signed again); its late readings differ from A's.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: first.path + suffix) }
        let second = try await SettledVillage.make(at: path("village.sqlite"))
        try await VillageStore(path: second.path).upsert(intervals: late.map { $0.adding(3) })
        let resigned = try village(["ledger", "checkpoint", "--db", second.path, "--key", path("ledger.key")])
        #expect(resigned.status == 0, "\(resigned.output)")

        // Edge B numbers from 1; the backend names where to go on from, and B gets everything in.
        let rest = try village(push + ["--json"])
        #expect(rest.status == 0, "\(rest.output)")
        // The log's notice of the renumbering goes to standard error, ahead of the JSON.
        let json = try #require(
            rest.output.hasPrefix("{")
                ? rest.output[...] : rest.output.range(of: "\n{").map { rest.output[$0.lowerBound...] },
            "\(rest.output)")
        #expect(rest.output.contains("numbering from batch 4"), "\(rest.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let steps = try #require(report["batches"] as? [[String: Any]])
        #expect(steps.first?["renumberedFromBatch"] as? Int == 4, "\(rest.output)")
        #expect(steps.first?["resumedFromLedgerSize"] as? Int == 15, "\(rest.output)")
        #expect(steps.dropFirst().allSatisfy { $0["duplicate"] as? Bool == false }, "\(rest.output)")
        let idle = try village(push)
        #expect(idle.status == 0, "\(idle.output)")

        #expect(try EdgeToBackendTests.backendTotals(postgres) == EdgeToBackendTests.edgeTotals(second.path))
        // Every row is B's write: B's revisions were lifted above A's highest.
        #expect(try postgres.psql("SELECT count(*) FROM intervals WHERE revision <= \(aRevision)") == "0")
        let ledger = try DatabaseQueue(path: second.path).read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, hash FROM ledger_transactions ORDER BY sequence")
        }
        #expect(try postgres.psql("SELECT count(*) FROM ledger_transactions") == "\(ledger.count)")
        #expect(try postgres.psql("SELECT ledger_head FROM villages") == (ledger.last?["hash"] as String?))
        #expect(try postgres.psql("SELECT count(*) FROM checkpoints") == "1")
        #expect(
            try postgres.psql("SELECT min(batch_number) || '..' || max(batch_number) FROM batches")
                == "1..\(3 + steps.count - 1)")
    }
}

extension IntervalEnergy {
    /// The same interval with `wh` more energy: a late reading that rewrites it.
    fileprivate func adding(_ wh: Int64) -> IntervalEnergy {
        var interval = self
        interval.value += wh
        return interval
    }
}
