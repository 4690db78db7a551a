import Foundation
import GRDB
import SettledVillageKit
import TestKit
import Testing
import VillageStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The edge and the backend as the operator runs them, as processes: `village uplink push` from a
/// village database to `village backend` on a real PostgreSQL, through a backend that is down at
/// first, killed with SIGKILL after it acknowledged part of the village, and restarted, while the
/// village rewrites intervals it had already sent. Afterwards the backend holds every row once,
/// equal to the village's own database.
@Suite struct EdgeToBackendTests {
    /// A `village` process run to its end: exit status and everything it printed.
    static func village(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try PeerProcess.run(try BuiltExecutable.path("village"), arguments)
    }

    /// `village backend` on `port`, answering once `/healthz` says so.
    static func startBackend(_ postgres: TemporaryPostgres, port: Int, log: URL) async throws -> PeerProcess {
        let backend = try PeerProcess(
            try BuiltExecutable.path("village"),
            ["backend", "--pg", postgres.url, "--listen", "127.0.0.1:\(port)"], log: log)
        let health = URL(string: "http://127.0.0.1:\(port)/healthz")!
        while backend.process.isRunning {
            if let (_, response) = try? await URLSession.shared.data(from: health),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return backend
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BackendFixture.Failure(
            description: "village backend exited: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    /// (owner, channel) → (rows, sum of values) of the household intervals.
    struct Totals: Equatable, CustomStringConvertible {
        var byOwnerChannel: [String: [Int64]]
        var description: String {
            byOwnerChannel.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
    }

    static func edgeTotals(_ path: String) throws -> Totals {
        let rows = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT owner_id || '/' || channel AS key, count(*) AS n, sum(value) AS total FROM intervals
                    WHERE owner_kind = 'household' GROUP BY owner_id, channel
                    """)
        }
        return Totals(
            byOwnerChannel: Dictionary(uniqueKeysWithValues: rows.map { ($0["key"], [$0["n"], $0["total"]]) }))
    }

    static func backendTotals(_ postgres: TemporaryPostgres) throws -> Totals {
        let text = try postgres.psql(
            """
            SELECT owner_id || '/' || channel, count(*), sum(value) FROM intervals
            WHERE owner_kind = 'household' GROUP BY owner_id, channel
            """)
        var totals: [String: [Int64]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "|").map(String.init)
            guard fields.count == 3, let count = Int64(fields[1]), let sum = Int64(fields[2]) else { continue }
            totals[fields[0]] = [count, sum]
        }
        return Totals(byOwnerChannel: totals)
    }

    @Test func everyRowOnceThroughAnOutageAndAKilledBackend() async throws {
        let postgres = try TemporaryPostgres()
        defer { postgres.stop() }
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        // The village: three settled days, and a signed checkpoint of its ledger.
        let village = try await SettledVillage.make(at: path("village.sqlite"))
        let keys = try Self.village(["keys", "generate", "--out", path("ledger.key"), "--json"])
        #expect(keys.status == 0, "\(keys.output)")
        let publicKey = try #require(
            (try JSONSerialization.jsonObject(with: Data(keys.output.utf8)) as? [String: Any])?["publicKey"] as? String)
        let checkpoint = try Self.village(["ledger", "checkpoint", "--db", village.path, "--key", path("ledger.key")])
        #expect(checkpoint.status == 0, "\(checkpoint.output)")

        // Registered under the name its edge sends (the site id as one word).
        let added = try Self.village([
            "backend", "villages", "add", "--pg", postgres.url, "--name", "eco-delta", "--public-key", publicKey,
            "--token-file", path("upload.token"),
        ])
        #expect(added.status == 0, "\(added.output)")
        let port = Loopback.freePort()
        let push = [
            "uplink", "push", "--db", village.path, "--upstream", "http://127.0.0.1:\(port)", "--upstream-token",
            path("upload.token"), "--batch-intervals", "40", "--batch-ledger", "5",
        ]

        // The backend is down: nothing is acknowledged, the village keeps everything.
        let whileDown = try Self.village(push)
        #expect(whileDown.status != 0, "\(whileDown.output)")
        #expect(!whileDown.output.contains(try String(contentsOfFile: path("upload.token"), encoding: .utf8)))

        // Up: part of the village arrives, then the backend is killed and the village rewrites
        // intervals it has already sent (late readings) while it is gone.
        let log = directory.appendingPathComponent("backend.log")
        var backend = try await Self.startBackend(postgres, port: port, log: log)
        let partial = try Self.village(push + ["--max-batches", "3"])
        #expect(partial.status == 0, "\(partial.output)")
        #expect(try postgres.psql("SELECT count(*) FROM batches") == "3")
        backend.terminate()
        let store = try VillageStore(path: village.path)
        let rewritten = village.intervals.filter { $0.owner == .household("102") }.prefix(10).map {
            var interval = $0
            interval.value += 7
            return interval
        }
        try await store.upsert(intervals: Array(rewritten))
        let whileKilled = try Self.village(push)
        #expect(whileKilled.status != 0, "\(whileKilled.output)")

        // Back: the rest arrives, every row once, equal to the village's own database.
        backend = try await Self.startBackend(postgres, port: port, log: log)
        defer { backend.terminate() }
        let rest = try Self.village(push)
        #expect(rest.status == 0, "\(rest.output)")
        let again = try Self.village(push)
        #expect(again.status == 0, "\(again.output)")
        #expect(try Self.backendTotals(postgres) == Self.edgeTotals(village.path))
        let ledgerSize = try await DatabaseQueue(path: village.path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM ledger_transactions") ?? -1
        }
        #expect(ledgerSize > 0)
        #expect(try postgres.psql("SELECT count(*) FROM ledger_transactions") == "\(ledgerSize)")
        #expect(try postgres.psql("SELECT ledger_size FROM villages WHERE name = 'eco-delta'") == "\(ledgerSize)")
        #expect(try postgres.psql("SELECT count(*) FROM checkpoints") == "1")
    }
}
