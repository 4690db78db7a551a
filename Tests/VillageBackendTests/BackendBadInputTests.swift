import Foundation
import Logging
import Market
import TestKit
import Testing
import VillageAccounts
import VillageBackend
import VillageStore
import VillageUplink

/// Bad input is refused with the field, argument or file it concerns, and changes nothing.
@Suite struct BackendBadInputTests {
    static let start = UplinkIngestTests.start

    @Test func malformedBatchesNameTheField() async throws {
        let alpha = SampleVillage(name: "alpha")
        try await BackendFixture.run(villages: [("alpha", alpha.key.publicKey)]) { backend in
            let token = try backend.token("alpha")
            func post(_ body: String, encoding: String? = nil) async throws -> BackendFixture.Answer {
                var headers = ["Content-Type": "application/json"]
                if let encoding { headers["Content-Encoding"] = encoding }
                return try await backend.request(
                    "POST", UplinkProtocol.batchesPath, token: token, body: Data(body.utf8), headers: headers)
            }
            let cases: [(String, String?, String)] = [
                ("{not json", nil, "body"),
                (#"{"village":"alpha","intervals":[],"events":[],"ledger":[],"checkpoints":[]}"#, nil, "batchNumber"),
                (
                    #"{"village":"alpha","batchNumber":"one","intervals":[],"events":[],"ledger":[],"checkpoints":[]}"#,
                    nil, "batchNumber"
                ),
                (
                    #"{"village":"alpha","batchNumber":1,"intervals":[{"revision":1}],"events":[],"ledger":[],"checkpoints":[]}"#,
                    nil, "intervals[0].interval"
                ),
                (#"{"village":"alpha","batchNumber":1}"#, "gzip", "body"),
                (#"{"village":"alpha","batchNumber":1}"#, "br", "Content-Encoding"),
            ]
            for (body, encoding, field) in cases {
                let answer = try await post(body, encoding: encoding)
                #expect(answer.status == 400, "\(body): \(answer.text)")
                #expect(answer.errorField == field, "\(body): \(answer.text)")
            }
            var offGrid = SampleVillage.intervals(households: ["101"], start: Self.start, count: 2)
            offGrid[3].interval.start += 60
            let grid = try await backend.post(
                UplinkBatch(village: "alpha", batchNumber: 1, intervals: offGrid), token: token)
            #expect(grid.status == 400)
            #expect(grid.errorField == "intervals[3].interval.start")
            var badChannel = SampleVillage.intervals(households: ["101"], start: Self.start, count: 1)
            badChannel[0].interval.channel = "Import Active"
            let channel = try await backend.post(
                UplinkBatch(village: "alpha", batchNumber: 1, intervals: badChannel), token: token)
            #expect(channel.errorField == "intervals[0].interval.channel")
            #expect(try backend.count("intervals") == 0)
            #expect(try backend.count("batches") == 0)

            let operatorToken = try backend.token("operator")
            for (path, field) in [
                ("/api/v1/villages/alpha/balances?month=2026-13", "month"),
                ("/api/v1/villages/alpha/balances?months=2026-07", "months"),
                ("/api/v1/research/intervals?format=xml", "format"),
                ("/api/v1/research/intervals?from=yesterday", "from"),
                ("/api/v1/villages?x=1", "x"),
            ] {
                let answer = try await backend.request("GET", path, token: operatorToken)
                #expect(answer.status == 400, "\(path): \(answer.text)")
                #expect(answer.errorField == field, "\(path)")
            }
            let unknown = try await backend.request("GET", "/api/v1/villages/gamma/balances", token: operatorToken)
            #expect(unknown.status == 404)
            #expect(unknown.errorField == "village")
        }
    }

    @Test func migrationsApplyOnceAndRefuseANewerDatabase() async throws {
        let postgres = try TemporaryPostgres()
        defer { postgres.stop() }
        let address = try PostgresAddress(parsing: postgres.url)
        let logger = Logger(label: "backend-test")
        let first = try await BackendDatabase.with(address, logger: logger) { try await $0.appliedMigrations() }
        #expect(first == BackendMigrations.all.map(\.name))
        let key = try await BackendDatabase.with(address, logger: logger) { _ in
            try postgres.psql("SELECT value FROM settings WHERE name = 'pseudonym_key'")
        }
        #expect(key.count >= 40)
        #expect(try postgres.psql("SELECT count(*) FROM schema_migrations") == "\(BackendMigrations.all.count)")
        // A second start changes neither the migrations nor the pseudonym key.
        _ = try await BackendDatabase.with(address, logger: logger) { try await $0.appliedMigrations() }
        #expect(try postgres.psql("SELECT value FROM settings WHERE name = 'pseudonym_key'") == key)

        _ = try postgres.psql("INSERT INTO schema_migrations (name) VALUES ('v99-from-the-future')")
        await #expect(throws: BackendError.self) {
            try await BackendDatabase.with(address, logger: logger) { _ in }
        }
    }

    @Test func administrationRefusesBadArgumentsAndChangesNothing() async throws {
        let postgres = try TemporaryPostgres()
        defer { postgres.stop() }
        let address = try PostgresAddress(parsing: postgres.url)
        let logger = Logger(label: "backend-test")
        let key = LedgerSigningKey().publicKey
        try await BackendDatabase.with(address, logger: logger) { database in
            _ = try await database.addVillage(name: "alpha", publicKey: key, timeZone: "Asia/Seoul")
            let refusals: [(String, () async throws -> Void)] = [
                (
                    "--name",
                    { _ = try await database.addVillage(name: "alpha", publicKey: key, timeZone: "Asia/Seoul") }
                ),
                ("--name", { _ = try await database.addVillage(name: "two words", publicKey: key, timeZone: "UTC") }),
                (
                    "--time-zone",
                    { _ = try await database.addVillage(name: "beta", publicKey: key, timeZone: "Mars/Olympus") }
                ),
                (
                    "--village",
                    {
                        _ = try await database.addAccount(
                            username: "h1", role: .household, village: "gamma", household: "101", lifetime: 60)
                    }
                ),
                (
                    "--village",
                    {
                        _ = try await database.addAccount(
                            username: "h1", role: .household, village: nil, household: "101", lifetime: 60)
                    }
                ),
                (
                    "--household",
                    {
                        _ = try await database.addAccount(
                            username: "m1", role: .manager, village: "alpha", household: "101", lifetime: 60)
                    }
                ),
            ]
            for (argument, attempt) in refusals {
                do {
                    try await attempt()
                    Issue.record("\(argument): accepted")
                } catch let error as BackendError {
                    #expect(error.subject == argument, "\(error)")
                }
            }
        }
        #expect(try postgres.psql("SELECT count(*) FROM villages") == "1")
        #expect(try postgres.psql("SELECT count(*) FROM accounts") == "0")
        // The upload token is kept only as its hash.
        #expect(try postgres.psql("SELECT length(token_hash) FROM villages") == "64")
        #expect(throws: BackendError.self) { try PostgresAddress(parsing: "mysql://x@y/z") }
        #expect(throws: BackendError.self) { try PostgresAddress(parsing: "postgres://127.0.0.1:5432/db") }
        #expect(throws: BackendError.self) { try PostgresAddress(parsing: "postgres://u@127.0.0.1:5432/") }
        #expect(try PostgresAddress(parsing: "postgres://u:secret@h:6543/db").description == "postgres://u@h:6543/db")
    }
}
