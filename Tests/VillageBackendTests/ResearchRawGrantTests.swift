import Foundation
import Market
import TestKit
import Testing
import VillageUplink

@testable import VillageCommands

/// Researchers' exports name no village or household unless an operator granted raw identifiers
/// (`village backend accounts grant-raw`), and a revocation holds from the next export on; every
/// change is audited, and a grant to anyone but a researcher is refused.
@Suite struct ResearchRawGrantTests {
    static let start = UplinkIngestTests.start
    /// Distinct enough that no number or pseudonym in an export can contain one by chance.
    static let households = ["alpha": ["apt-north-0042", "apt-south-0917"], "beta": ["casa-siete-b"]]
    static var identifiers: [String] { ["alpha", "beta"] + households.values.flatMap { $0 } }

    @Test func identifiersLeaveOnlyUnderAGrantThatARevocationEndsAtOnce() async throws {
        let villages = ["alpha", "beta"].map { SampleVillage(name: $0) }
        try await BackendFixture.run(villages: villages.map { ($0.name, $0.key.publicKey) }) { backend in
            for village in villages {
                let batch = UplinkBatch(
                    village: village.name, batchNumber: 1,
                    intervals: SampleVillage.intervals(
                        households: Self.households[village.name] ?? [], start: Self.start, count: 4))
                #expect(try await backend.post(batch, token: try backend.token(village.name)).status == 200)
            }
            let rows = try backend.count("intervals")
            #expect(rows == 24)
            let researcher = try backend.token("researcher")
            func export(_ format: String, token: String) async throws -> BackendFixture.Answer {
                let answer = try await backend.request(
                    "GET", "/api/v1/research/intervals?format=\(format)", token: token)
                #expect(answer.status == 200, "\(answer.text)")
                let lines = answer.text.split(separator: "\n")
                #expect(lines.count == rows + (format == "csv" ? 1 : 0))
                return answer
            }
            func expectPseudonymised(token: String) async throws {
                for format in ["csv", "jsonl"] {
                    let answer = try await export(format, token: token)
                    #expect(answer.headers["village-export-identifiers"] == "pseudonymised")
                    for identifier in Self.identifiers {
                        #expect(answer.body.range(of: Data(identifier.utf8)) == nil, "\(identifier) in \(format)")
                    }
                }
            }

            try await expectPseudonymised(token: researcher)

            // Granted: the same rows under their real identifiers, in both formats.
            try await BackendCommandTests.run([
                "backend", "accounts", "grant-raw", "--pg", backend.postgres.url, "researcher", "--reason",
                "grid study with the utility, contract 7",
            ])
            for format in ["csv", "jsonl"] {
                let answer = try await export(format, token: researcher)
                #expect(answer.headers["village-export-identifiers"] == "raw")
                for identifier in Self.identifiers {
                    #expect(answer.body.range(of: Data(identifier.utf8)) != nil, "\(identifier) not in \(format)")
                }
            }
            // The grant is the researcher's only: an operator's export stays pseudonymised.
            try await expectPseudonymised(token: try backend.token("operator"))

            // Revoked: the very next export, with the same token, is pseudonymised again.
            try await BackendCommandTests.run([
                "backend", "accounts", "revoke-raw", "--pg", backend.postgres.url, "researcher", "--reason",
                "study ended",
            ])
            try await expectPseudonymised(token: researcher)

            #expect(
                try backend.postgres.psql(
                    "SELECT string_agg(action || ':' || reason, ';' ORDER BY id) FROM account_audit")
                    == "grant-raw:grid study with the utility, contract 7;revoke-raw:study ended")
            #expect(try backend.count("account_audit", "actor = ''") == 0)

            // Refused, naming the argument, and nothing changes: not a researcher, no such account,
            // nothing to revoke, no reason.
            let url = backend.postgres.url
            let notResearcher = await BackendCommandTests.failure([
                "backend", "accounts", "grant-raw", "--pg", url, "operator", "--reason", "curious",
            ])
            #expect(notResearcher.contains("USER") && notResearcher.contains("not a researcher"), "\(notResearcher)")
            let unknown = await BackendCommandTests.failure([
                "backend", "accounts", "grant-raw", "--pg", url, "nobody", "--reason", "curious",
            ])
            #expect(unknown.contains("no account named nobody"), "\(unknown)")
            let twice = await BackendCommandTests.failure([
                "backend", "accounts", "revoke-raw", "--pg", url, "researcher",
            ])
            #expect(twice.contains("has no raw export access"), "\(twice)")
            let reasonless = await BackendCommandTests.failure([
                "backend", "accounts", "grant-raw", "--pg", url, "researcher", "--reason", " ",
            ])
            #expect(reasonless.contains("--reason"), "\(reasonless)")
            #expect(try backend.count("account_audit") == 2)
            #expect(try backend.count("accounts", "raw_export") == 0)
            try await expectPseudonymised(token: researcher)
        }
    }
}
