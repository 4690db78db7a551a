import Foundation
import Market
import TestKit
import Testing
import VillageStore
import VillageUplink

/// Who may read what: the same roles as `village serve`, a household bound to one unit of one
/// village, researchers seeing pseudonyms only, and upload tokens good for their own village only.
@Suite struct BackendAccessTests {
    static let start = UplinkIngestTests.start

    /// Two villages uploaded: alpha's 101 paid 75 won for 500 Wh three times, beta's 101 once.
    static func uploaded(_ body: @escaping @Sendable (BackendFixture) async throws -> Void) async throws {
        var alpha = SampleVillage(name: "alpha")
        for i in 0..<3 {
            alpha.settle(start: start + 3_600 + Int64(i) * 900, household: "101", energyWh: 500, milliWon: 75_000)
        }
        alpha.settle(start: start + 3_600, household: "102", energyWh: 200, milliWon: 30_000)
        var beta = SampleVillage(name: "beta")
        beta.settle(start: start + 3_600, household: "101", energyWh: 900, milliWon: 135_000)
        let batches = [
            UplinkBatch(
                village: "alpha", batchNumber: 1,
                intervals: SampleVillage.intervals(households: ["101", "102"], start: start, count: 4),
                ledger: alpha.ledger, checkpoints: [try alpha.checkpoint()]),
            UplinkBatch(
                village: "beta", batchNumber: 1,
                intervals: SampleVillage.intervals(households: ["101"], start: start, count: 4), ledger: beta.ledger),
        ]
        try await BackendFixture.run(villages: [("alpha", alpha.key.publicKey), ("beta", beta.key.publicKey)]) {
            backend in
            for batch in batches {
                let answer = try await backend.post(batch, token: try backend.token(batch.village))
                guard answer.status == 200 else {
                    throw BackendFixture.Failure(description: "upload of \(batch.village): \(answer.text)")
                }
            }
            try await body(backend)
        }
    }

    @Test func householdsReadOnlyTheirOwnUnit() async throws {
        try await Self.uploaded { backend in
            let a101 = try backend.token("a101")
            let own = try await backend.request("GET", "/api/v1/villages/alpha/households/101/balances", token: a101)
            #expect(own.status == 200, "\(own.text)")
            let rows = try #require(own.json as? [[String: Any]])
            #expect(rows.count == 1)
            #expect(rows.first?["month"] as? String == "2026-07")
            #expect(rows.first?["balanceMilliWon"] as? Int == -225_000)
            #expect(rows.first?["receivedWh"] as? Int == 1_500)
            let otherVillage = try await backend.request(
                "GET", "/api/v1/villages/beta/households/101/balances", token: a101)
            #expect(otherVillage.status == 403)
            let neighbour = try await backend.request(
                "GET", "/api/v1/villages/alpha/households/102/balances", token: a101)
            #expect(neighbour.status == 403)
            for path in [
                "/api/v1/villages", "/api/v1/villages/alpha/balances", "/api/v1/research/intervals", "/metrics",
            ] {
                #expect(try await backend.request("GET", path, token: a101).status == 403, "\(path)")
            }
            let b101 = try await backend.request(
                "GET", "/api/v1/villages/beta/households/101/balances", token: try backend.token("b101"))
            #expect((b101.json as? [[String: Any]])?.first?["balanceMilliWon"] as? Int == -135_000)
        }
    }

    @Test func passwordLoginIssuesATokenOfTheSameAccount() async throws {
        try await Self.uploaded { backend in
            func login(_ username: String, _ password: String) async throws -> BackendFixture.Answer {
                let body = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
                return try await backend.request(
                    "POST", "/api/v1/tokens", body: body, headers: ["Content-Type": "application/json"])
            }
            let answer = try await login("a101", BackendFixture.password)
            #expect(answer.status == 201, "\(answer.text)")
            let token = try #require(answer.object["token"] as? String)
            let own = try await backend.request("GET", "/api/v1/villages/alpha/households/101/balances", token: token)
            #expect(own.status == 200)
            let other = try await backend.request("GET", "/api/v1/villages/beta/households/101/balances", token: token)
            #expect(other.status == 403)
            let wrong = try await login("a101", "not the password")
            let unknown = try await login("nobody", BackendFixture.password)
            // An account made without a password cannot log in with any.
            let passwordless = try await login("operator", "")
            #expect([wrong.status, unknown.status, passwordless.status] == [401, 401, 401] as [Int])
            #expect(!wrong.text.contains("correct horse"))
            let bad = try await backend.request(
                "POST", "/api/v1/tokens", body: Data(#"{"username":"a101","pass":"x"}"#.utf8),
                headers: ["Content-Type": "application/json"])
            #expect(bad.status == 400)
            #expect(bad.errorField == "pass")
            #expect(try backend.postgres.psql("SELECT count(*) FROM accounts WHERE password_hash LIKE '$2%'") == "1")
        }
    }

    @Test func withoutTokenOrWithTheWrongKindOfTokenIsRefused() async throws {
        try await Self.uploaded { backend in
            for path in [
                "/api/v1/villages", "/api/v1/villages/alpha/balances", "/api/v1/research/intervals", "/metrics",
                "/api/v1/villages/alpha/households/101/balances",
            ] {
                let anonymous = try await backend.request("GET", path)
                let unknown = try await backend.request("GET", path, token: "vlg_not-a-token")
                // An upload token reads nothing.
                let upload = try await backend.request("GET", path, token: try backend.token("alpha"))
                #expect([anonymous.status, unknown.status, upload.status] == [401, 401, 403] as [Int], "\(path)")
            }
            #expect(try await backend.request("GET", "/healthz").status == 200)
            let batch = UplinkBatch(
                village: "beta", batchNumber: 9,
                intervals: SampleVillage.intervals(households: ["101"], start: Self.start, count: 1))
            #expect(try await backend.post(batch, token: nil).status == 401)
            #expect(try await backend.post(batch, token: "vlu_forged").status == 401)
            // alpha's token may not upload for beta; an account's token may not upload at all.
            #expect(try await backend.post(batch, token: try backend.token("alpha")).status == 403)
            #expect(try await backend.post(batch, token: try backend.token("operator")).status == 403)
            #expect(try backend.count("batches") == 2)
        }
    }

    @Test func operatorsAndManagersSeeTheCity() async throws {
        try await Self.uploaded { backend in
            for role in ["operator", "manager"] {
                let answer = try await backend.request("GET", "/api/v1/villages", token: try backend.token(role))
                #expect(answer.status == 200, "\(answer.text)")
                let villages = try JSONDecoder().decode([VillageSummaryView].self, from: answer.body)
                #expect(villages.map(\.name) == ["alpha", "beta"])
                #expect(villages.map(\.ledgerSize) == [4, 1])
                #expect(villages.map(\.lastBatchNumber) == [1, 1])
                #expect(villages[0].lastVerifiedCheckpoint?.treeSize == 4)
                #expect(villages[1].lastVerifiedCheckpoint == nil)
                #expect(villages.allSatisfy { ($0.lagSeconds ?? -1) >= 0 })
                #expect(villages[0].newestIntervalStart == Self.start + 3 * 900)
            }
            let balances = try await backend.request(
                "GET", "/api/v1/villages/alpha/balances?month=2026-07", token: try backend.token("operator"))
            #expect(balances.status == 200)
            let rows = try #require(balances.json as? [[String: Any]])
            #expect(rows.compactMap { $0["household"] as? String } == ["101", "102"])
            #expect(rows.compactMap { $0["balanceMilliWon"] as? Int } == [-225_000, -30_000])
            let manager = try await backend.request(
                "GET", "/api/v1/villages/alpha/balances", token: try backend.token("manager"))
            #expect(manager.status == 403)
            let metrics = try await backend.request("GET", "/metrics", token: try backend.token("manager"))
            #expect(metrics.text.contains("village_backend_batches_total 2"), "\(metrics.text)")
        }
    }

    @Test func researchersGetPseudonymsAcrossVillages() async throws {
        try await Self.uploaded { backend in
            let token = try backend.token("researcher")
            let csv = try await backend.request("GET", "/api/v1/research/intervals?format=csv", token: token)
            #expect(csv.status == 200, "\(csv.text)")
            let lines = csv.text.split(separator: "\n").map(String.init)
            #expect(lines.first == "village,owner_kind,owner,channel,start,value,quality")
            let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
            let stored = try backend.count("intervals")
            #expect(rows.count == stored)
            #expect(rows.count == 24)
            // Neither a village's name nor a unit number leaves the backend.
            #expect(!csv.text.contains("alpha") && !csv.text.contains("beta"))
            #expect(rows.allSatisfy { $0[0].hasPrefix("v-") && $0[2].hasPrefix("h-") && $0[2] != "101" })
            // Stable: one village, one pseudonym; alpha's 101 and beta's 101 are different people.
            #expect(Set(rows.map { $0[0] }).count == 2)
            #expect(Set(rows.map { $0[0] + "/" + $0[2] }).count == 3)
            #expect(Set(rows.map { $0[2] }).count == 3)
            let sum = Int(try backend.postgres.psql("SELECT sum(value) FROM intervals"))
            #expect(rows.map { Int($0[5]) ?? 0 }.reduce(0, +) == sum)
            let jsonl = try await backend.request(
                "GET", "/api/v1/research/intervals?format=jsonl&from=\(Self.start)&to=\(Self.start + 900)", token: token
            )
            #expect(jsonl.status == 200)
            let objects = jsonl.text.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(objects.count == 6)
            #expect(
                objects.allSatisfy {
                    $0["start"] as? Int == Int(Self.start) && ($0["owner"] as? String)?.hasPrefix("h-") == true
                })
            let again = try await backend.request("GET", "/api/v1/research/intervals?format=csv", token: token)
            #expect(again.text == csv.text)
        }
    }
}

/// `GET /api/v1/villages` as a client reads it.
struct VillageSummaryView: Decodable {
    struct Checkpoint: Decodable, Equatable {
        var treeSize: Int64
    }
    var name: String
    var lastBatchNumber: Int64?
    var lagSeconds: Int64?
    var newestIntervalStart: Int64?
    var ledgerSize: Int64
    var lastVerifiedCheckpoint: Checkpoint?
}
