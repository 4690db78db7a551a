import Foundation
import SettledVillageKit
import Testing

/// The site file publishes the ledger's public key: `ledger verify --checkpoint` and
/// `ledger verify-receipt` check signatures with it when `--public-key` is not given.
@Suite struct SiteLedgerKeyTests {
    static func village(_ arguments: [String]) throws -> CommandTests.Result { try CommandTests.village(arguments) }

    static let referenceSite = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "Firmware-Sim/sites/default.yaml")

    /// The reference village's site file with a `ledger:` section appended.
    static func siteFile(in directory: TemporaryDirectory, name: String, ledgerLine: String) throws -> String {
        let text = try String(contentsOf: referenceSite, encoding: .utf8)
        let path = directory.path(name)
        try Data((text + "\n" + ledgerLine + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The key from `village keys generate`'s text output, with the site-file line it prints.
    static func generateKey(in directory: TemporaryDirectory, name: String) throws -> (file: String, line: String) {
        let file = directory.path(name)
        let result = try village(["keys", "generate", "--out", file])
        #expect(result.status == 0, "\(result.error)")
        let line = try #require(
            result.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix("ledger: {publicKey: ") })
        let publicKey = try #require(result.output.split(separator: "\n").last.map(String.init))
        #expect(line == "ledger: {publicKey: \"\(publicKey)\"}")
        return (file, line)
    }

    @Test func verifyAndReceiptsUseTheSiteFilesKey() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let settled = try await SettledVillage.make(at: directory.path("village.sqlite"))
        let (keyFile, line) = try Self.generateKey(in: directory, name: "operator.key")
        let (_, otherLine) = try Self.generateKey(in: directory, name: "other.key")
        let site = try Self.siteFile(in: directory, name: "site.yaml", ledgerLine: line)
        let otherSite = try Self.siteFile(in: directory, name: "other-site.yaml", ledgerLine: otherLine)

        let checkpoint = try Self.village(["ledger", "checkpoint", "--db", settled.path, "--key", keyFile, "--json"])
        #expect(checkpoint.status == 0, "\(checkpoint.error)")
        let kept = directory.path("kept.json")
        try Data(checkpoint.output.utf8).write(to: URL(fileURLWithPath: kept))

        let verified = try Self.village([
            "ledger", "verify", "--db", settled.path, "--checkpoint", kept, "--site", site,
        ])
        #expect(verified.status == 0, "\(verified.output)\(verified.error)")
        #expect(verified.output.contains("Checkpoint verified"), "\(verified.output)")
        // A site file publishing another key: the operator's signature does not match it.
        let wrong = try Self.village([
            "ledger", "verify", "--db", settled.path, "--checkpoint", kept, "--site", otherSite,
        ])
        #expect(wrong.status != 0, "\(wrong.output)\(wrong.error)")
        #expect(wrong.error.contains("not by the given public key"), "\(wrong.error)")

        let receipt = try Self.village([
            "ledger", "receipt", "--db", settled.path, "--household", "102", "--interval", "2026-01-10T00:30", "--json",
        ])
        #expect(receipt.status == 0, "\(receipt.error)")
        let file = directory.path("receipt.json")
        try Data(receipt.output.utf8).write(to: URL(fileURLWithPath: file))
        let valid = try Self.village(["ledger", "verify-receipt", file, "--site", site])
        #expect(valid.status == 0, "\(valid.output)\(valid.error)")
        #expect(valid.output.contains("Receipt valid"), "\(valid.output)")
        let invalid = try Self.village(["ledger", "verify-receipt", file, "--site", otherSite])
        #expect(invalid.status == 1, "\(invalid.output)\(invalid.error)")
        // The command line wins over the site file.
        let publicKey = try #require(line.split(separator: "\"").dropFirst().first.map(String.init))
        let overridden = try Self.village([
            "ledger", "verify-receipt", file, "--site", otherSite, "--public-key", publicKey,
        ])
        #expect(overridden.status == 0, "\(overridden.output)\(overridden.error)")
    }

    @Test func theDaemonRefusesASigningKeyTheSiteFileDoesNotPublish() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, line) = try Self.generateKey(in: directory, name: "operator.key")
        let (otherKey, _) = try Self.generateKey(in: directory, name: "other.key")
        let site = try Self.siteFile(in: directory, name: "site.yaml", ledgerLine: line)
        let meters = Self.referenceSite.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Meters").path
        let database = directory.path("village.sqlite")
        let refused = try Self.village([
            "run", "--site", site, "--meters", meters, "--db", database, "--ledger-key", otherKey,
        ])
        #expect(refused.status != 0)
        #expect(refused.error.contains("--ledger-key"), "\(refused.error)")
        #expect(refused.error.contains("ledger.publicKey"), "\(refused.error)")
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test func aMissingOrMalformedSiteKeyIsNamed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let receipt = directory.path("receipt.json")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: receipt))
        let truncated = try Self.siteFile(
            in: directory, name: "truncated.yaml", ledgerLine: "ledger: {publicKey: \"AAAAAAAA\"}")
        let misspelt = try Self.siteFile(
            in: directory, name: "misspelt.yaml", ledgerLine: "ledger: {publickey: \"AAAAAAAA\"}")
        let keyless = try Self.siteFile(in: directory, name: "keyless.yaml", ledgerLine: "")
        let cases: [([String], [String])] = [
            (["ledger", "verify-receipt", receipt, "--site", truncated], ["truncated.yaml", "ledger.publicKey"]),
            (["ledger", "verify-receipt", receipt, "--site", misspelt], ["misspelt.yaml", "publickey"]),
            (["ledger", "verify-receipt", receipt, "--site", keyless], ["--public-key", "ledger.publicKey"]),
            (["ledger", "verify-receipt", receipt, "--site", directory.path("none.yaml")], ["none.yaml"]),
        ]
        for (arguments, expected) in cases {
            let result = try Self.village(arguments)
            #expect(result.status != 0, "\(arguments) succeeded")
            for text in expected {
                #expect((result.error + result.output).contains(text), "\(arguments): \(result.error)\(result.output)")
            }
        }
    }
}
