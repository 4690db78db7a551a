import Foundation
import TestKit
import Testing
import VillageStore

/// Household data files are readable by their owner only.
@Suite struct FileModeTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test func theDatabaseAndItsWALAndSharedMemoryAre0600WhateverTheUmask() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let path = directory.appendingPathComponent("village.sqlite").path
        // A permissive umask, as a careless shell might have: the store still keeps the files private.
        let previous = umask(0o022)
        defer { umask(previous) }
        let store = try VillageStore(path: path)
        try await store.register(
            site: SiteRecord(id: "s", name: "S"), households: [HouseholdRecord(unitId: "101")], devices: [])
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file)")
            let mode = try Self.mode(file)
            #expect(mode == 0o600, "\(file): \(String(mode, radix: 8))")
        }
        // A database made world-readable by hand is closed up again when the platform opens it.
        chmod(path, 0o644)
        _ = try VillageStore(path: path)
        #expect(try Self.mode(path) == 0o600)
    }

    @Test func theVillageCommandCreatesExportsOnlyItsOwnerCanRead() async throws {
        let server = try await ServerFixture.start()
        let output = server.directory.appendingPathComponent("export").path
        let previous = umask(0o022)
        defer { umask(previous) }
        let run = try PeerProcess.run(
            try BuiltExecutable.path("village"),
            [
                "export", "--db", server.databasePath, "--what", "intervals", "--from", "2026-01-15", "--to",
                "2026-01-16",
                "--out", output,
            ])
        #expect(run.status == 0, "\(run.output)")
        #expect(try Self.mode(output) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: output)
        #expect(!files.isEmpty)
        for file in files {
            #expect(try Self.mode(output + "/" + file) == 0o600, "\(file)")
        }
    }
}
