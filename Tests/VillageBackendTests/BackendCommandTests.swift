import ArgumentParser
import Crypto
import Foundation
import Market
import TestKit
import Testing

@testable import VillageCommands

/// `village backend villages add|list` and `accounts add`, run in this process against a real
/// PostgreSQL: secrets only in new 0600 files and as hashes in the database, bad arguments named.
@Suite struct BackendCommandTests {
    static func run(_ arguments: [String]) async throws {
        var command = try Village.parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    }

    /// The message `village` prints for the error `arguments` end with.
    static func failure(_ arguments: [String]) async -> String {
        do {
            try await run(arguments)
            return ""
        } catch {
            return Village.message(for: error)
        }
    }

    @Test func administrationWritesSecretsToNewPrivateFiles() async throws {
        let postgres = try TemporaryPostgres()
        defer { postgres.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backend-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = LedgerSigningKey().publicKey.base64
        let tokenFile = directory.appendingPathComponent("alpha.token").path

        try await Self.run([
            "backend", "villages", "add", "--pg", postgres.url, "--name", "alpha", "--public-key", key,
            "--token-file", tokenFile,
        ])
        let attributes = try FileManager.default.attributesOfItem(atPath: tokenFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(token.hasPrefix("vlu_") && token.count > 40)
        let hash = SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(try postgres.psql("SELECT token_hash FROM villages WHERE name = 'alpha'") == hash)
        #expect(try postgres.psql("SELECT count(*) FROM villages WHERE token_hash LIKE '%vlu_%'") == "0")

        // An existing token file is never overwritten, and nothing is registered.
        let again = await Self.failure([
            "backend", "villages", "add", "--pg", postgres.url, "--name", "beta", "--public-key", key,
            "--token-file", tokenFile,
        ])
        #expect(again.contains("--token-file"), "\(again)")
        let badKey = await Self.failure([
            "backend", "villages", "add", "--pg", postgres.url, "--name", "beta", "--public-key", "bm90IGEga2V5",
            "--token-file", directory.appendingPathComponent("beta.token").path,
        ])
        #expect(badKey.contains("--public-key"), "\(badKey)")
        let badURL = await Self.failure([
            "backend", "villages", "add", "--pg", "mysql://x@127.0.0.1/db", "--name", "beta", "--public-key", key,
            "--token-file", directory.appendingPathComponent("beta.token").path,
        ])
        #expect(badURL.contains("--pg"), "\(badURL)")
        #expect(try postgres.psql("SELECT count(*) FROM villages") == "1")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("beta.token").path))

        let householdFile = directory.appendingPathComponent("a101.token").path
        try await Self.run([
            "backend", "accounts", "add", "--pg", postgres.url, "--username", "a101", "--role", "household",
            "--village", "alpha", "--household", "101", "--token-file", householdFile,
        ])
        let householdMode = try FileManager.default.attributesOfItem(atPath: householdFile)[.posixPermissions]
        #expect((householdMode as? NSNumber)?.intValue == 0o600)
        #expect(try postgres.psql("SELECT role || '/' || household FROM accounts") == "household/101")
        let shortPassword = directory.appendingPathComponent("short").path
        try "too short\n".write(toFile: shortPassword, atomically: true, encoding: .utf8)
        let short = await Self.failure([
            "backend", "accounts", "add", "--pg", postgres.url, "--username", "ops", "--role", "operator",
            "--password-file", shortPassword, "--token-file", directory.appendingPathComponent("ops.token").path,
        ])
        #expect(short.contains("--password-file"), "\(short)")
        let unbound = await Self.failure([
            "backend", "accounts", "add", "--pg", postgres.url, "--username", "a102", "--role", "household",
            "--token-file", directory.appendingPathComponent("a102.token").path,
        ])
        #expect(unbound.contains("--village"), "\(unbound)")
        #expect(try postgres.psql("SELECT count(*) FROM accounts") == "1")

        // `village backend --pg … --listen …` is the server.
        let serve = try Village.parseAsRoot(["backend", "--pg", postgres.url, "--listen", "127.0.0.1:0"])
        #expect(serve is BackendServeCommand)
    }
}
