import Foundation
import Market
import SettledVillageKit
import Testing
import VillageStore

@testable import MarketStore

/// `village keys generate`, `village ledger checkpoint`, `receipt` and `verify-receipt` as a
/// household and the operator use them, and their answers to bad files and keys.
@Suite struct LedgerReceiptCommandTests {
    static func village(_ arguments: [String]) throws -> CommandTests.Result { try CommandTests.village(arguments) }

    @Test func aReceiptVerifiesOfflineAndATamperedOneDoesNot() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let settled = try await SettledVillage.make(at: directory.path("village.sqlite"))
        let (keyFile, publicKey) = try CheckpointAttackTests.generateKey(in: directory)
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let keyText = try String(contentsOfFile: keyFile, encoding: .utf8)

        let interval = "2026-01-10T00:30"
        // No checkpoint yet: the receipt is refused with the way out.
        let early = try Self.village([
            "ledger", "receipt", "--db", settled.path, "--household", "102", "--interval", interval,
        ])
        #expect(early.status != 0)
        #expect(early.error.contains("village ledger checkpoint"), "\(early.error)")

        let signed = try Self.village(["ledger", "checkpoint", "--db", settled.path, "--key", keyFile])
        #expect(signed.status == 0, "\(signed.error)")
        #expect(signed.output.contains("village-ledger/eco-delta"))
        #expect(!signed.output.contains(keyText.trimmingCharacters(in: .whitespacesAndNewlines)))

        let receipt = try Self.village([
            "ledger", "receipt", "--db", settled.path, "--household", "102", "--interval", interval, "--json",
        ])
        #expect(receipt.status == 0, "\(receipt.error)")
        let file = directory.path("receipt.json")
        try Data(receipt.output.utf8).write(to: URL(fileURLWithPath: file))
        // Offline: the database is gone.
        try FileManager.default.removeItem(atPath: settled.path)
        let valid = try Self.village(["ledger", "verify-receipt", file, "--public-key", publicKey])
        #expect(valid.status == 0, "\(valid.output)\(valid.error)")
        #expect(valid.output.contains("Receipt valid"))

        // The household's grid money changed in its copy: the transaction no longer hashes.
        var json = try #require(try JSONSerialization.jsonObject(with: Data(receipt.output.utf8)) as? [String: Any])
        var transaction = try #require(json["transaction"] as? [String: Any])
        var postings = try #require(transaction["postings"] as? [[String: Any]])
        let amount = try #require(postings[0]["amount"] as? Int)
        postings[0]["amount"] = amount + 1000
        transaction["postings"] = postings
        json["transaction"] = transaction
        let tampered = directory.path("tampered.json")
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: tampered))
        let refused = try Self.village(["ledger", "verify-receipt", tampered, "--public-key", publicKey])
        #expect(refused.status == 1)
        #expect(refused.output.contains("INVALID"), "\(refused.output)")

        // Someone else's key does not vouch for the operator's checkpoint.
        let other = directory.path("other.key")
        let otherKey = try Self.village(["keys", "generate", "--out", other])
        let otherPublic = try #require(otherKey.output.split(separator: "\n").last.map(String.init))
        let wrongKey = try Self.village(["ledger", "verify-receipt", file, "--public-key", otherPublic])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.output.contains("not by the given public key"), "\(wrongKey.output)")
    }

    @Test func badFilesAndKeysAreNamedAndChangeNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let settled = try await SettledVillage.make(at: directory.path("village.sqlite"))
        let (keyFile, publicKey) = try CheckpointAttackTests.generateKey(in: directory)
        let notJSON = directory.path("notes.txt")
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: notJSON))
        let loose = directory.path("loose.key")
        try Data(try Data(contentsOf: URL(fileURLWithPath: keyFile))).write(to: URL(fileURLWithPath: loose))
        chmod(loose, 0o644)
        let garbageKey = directory.path("garbage.key")
        FileManager.default.createFile(
            atPath: garbageKey, contents: Data("not a key\n".utf8), attributes: [.posixPermissions: 0o600])
        let before = fileBytes(settled.path)
        let cases: [([String], String)] = [
            (["keys", "generate", "--out", keyFile], "refusing to overwrite"),
            (["keys", "generate", "--out", directory.path("missing/dir/key")], "--out"),
            (["ledger", "checkpoint", "--db", settled.path, "--key", loose], "readable by others"),
            (["ledger", "checkpoint", "--db", settled.path, "--key", garbageKey], "not a ledger signing key"),
            (["ledger", "checkpoint", "--db", settled.path, "--key", directory.path("none.key")], "none.key"),
            (["ledger", "checkpoint", "--db", directory.path("none.sqlite"), "--key", keyFile], "no such file"),
            (["ledger", "verify-receipt", notJSON, "--public-key", publicKey], "not a ledger receipt"),
            (["ledger", "verify-receipt", directory.path("none.json"), "--public-key", publicKey], "none.json"),
            (["ledger", "verify-receipt", notJSON, "--public-key", "AAAA"], "--public-key"),
            (["ledger", "verify", "--db", settled.path, "--checkpoint", notJSON], "not a ledger checkpoint"),
            (["ledger", "verify", "--db", settled.path, "--public-key", publicKey], "--checkpoint"),
            (
                ["ledger", "receipt", "--db", settled.path, "--household", "102", "--interval", "2026-01-10T00:31"],
                "--interval"
            ),
        ]
        for (arguments, expected) in cases {
            let result = try Self.village(arguments)
            #expect(result.status != 0, "\(arguments) succeeded")
            #expect((result.error + result.output).contains(expected), "\(arguments): \(result.error)\(result.output)")
            #expect(
                !result.error.contains(
                    try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                ))
        }
        #expect(fileBytes(settled.path) == before)
        #expect(!FileManager.default.fileExists(atPath: directory.path("none.sqlite")))
    }
}
