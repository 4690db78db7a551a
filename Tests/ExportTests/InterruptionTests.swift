import Export
import Foundation
import GRDB
import TestKit
import Testing
import VillageStore

/// `village export` interrupted by the user (SIGINT) or killed (SIGKILL), as a separate process:
/// what it leaves in the output directory, and whether the next export can use that directory.
@Suite struct InterruptionTests {
    /// A store with enough interval rows (20 households × 5 channels × 40 days, 384,000 rows) that
    /// an export of them is still writing when the test interrupts it.
    static func largeStore(in directory: URL) async throws -> String {
        let path = directory.appendingPathComponent("large.sqlite").path
        let units = (0..<20).map { "u\(101 + $0)" }
        let store = try VillageStore(path: path)
        try await store.register(site: SeededVillage.site, households: units.map(HouseholdRecord.init), devices: [])
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            let insert = try db.makeStatement(
                sql:
                    "INSERT INTO intervals (owner_kind, owner_id, channel, start, value, quality, gap_seconds) VALUES ('household', ?, ?, ?, ?, 2, NULL)"
            )
            for slot in 0..<(40 * 96) {
                for unit in units {
                    for channel in [
                        "energy.import", "energy.export", "pv.generation", "water.volume", "heating.energy",
                    ] {
                        try insert.execute(arguments: [
                            unit, channel, SeededVillage.start + Int64(slot) * 900, Int64(slot % 997),
                        ])
                    }
                }
            }
        }
        try queue.close()
        return path
    }

    /// Starts `village export` of every interval into `out` and returns once it is writing (a
    /// `.partial` file has appeared in `out`).
    static func startExport(database: String, out: String) throws -> PeerProcess {
        let peer = try PeerProcess(
            try CommandTests.village(),
            [
                "export", "--db", database, "--from", "2026-11-30", "--to", "2027-01-09", "--what", "intervals",
                "--out", out,
            ])
        while peer.process.isRunning, partialFiles(in: out).isEmpty { usleep(1_000) }
        try #require(peer.process.isRunning, "the export ended before it was interrupted: \(peer.waitForOutput())")
        return peer
    }

    static func partialFiles(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.contains(".partial-") }
    }

    @Test func sigintRemovesTheFilesAndOnlyTheDirectoriesTheExportCreated() async throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await Self.largeStore(in: directory)

        // Into a directory (and its parent) that the export creates: both are gone afterwards.
        let parent = directory.appendingPathComponent("created").path
        let created = (parent as NSString).appendingPathComponent("out")
        let first = try Self.startExport(database: database, out: created)
        kill(first.process.processIdentifier, SIGINT)
        let output = first.waitForOutput()
        #expect(first.process.terminationStatus == 128 + SIGINT, "\(output)")
        #expect(output.contains("export interrupted"))
        #expect(!FileManager.default.fileExists(atPath: created))
        #expect(!FileManager.default.fileExists(atPath: parent))
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        #expect(left.isSubset(of: ["large.sqlite", "large.sqlite-wal", "large.sqlite-shm"]), "\(left)")

        // Into an empty directory that was there before: it stays, empty.
        let existing = directory.appendingPathComponent("existing").path
        try FileManager.default.createDirectory(atPath: existing, withIntermediateDirectories: false)
        let second = try Self.startExport(database: database, out: existing)
        kill(second.process.processIdentifier, SIGINT)
        let secondOutput = second.waitForOutput()
        #expect(second.process.terminationStatus == 128 + SIGINT, "\(secondOutput)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: existing) == [])
    }

    @Test func aKilledExportsPartialFileDoesNotBlockTheNextExport() async throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await Self.largeStore(in: directory)
        let out = directory.appendingPathComponent("out").path

        let killed = try Self.startExport(database: database, out: out)
        killed.terminate()  // SIGKILL: no handler runs
        let stale = Self.partialFiles(in: out)
        try #require(stale.count == 1, "SIGKILL leaves the partial file behind")

        // The next export, without --force, takes the directory and sweeps the dead process's file.
        let next = try CommandTests.run([
            "export", "--db", database, "--from", "2026-11-30", "--to", "2026-12-01", "--what", "intervals", "--out",
            out,
        ])
        #expect(next.status == 0, "\(next.output)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out)) == ["intervals.csv", "datapackage.json"])

        // A partial file of a live process (this one) still counts: that export may be writing.
        let busy = directory.appendingPathComponent("busy").path
        try FileManager.default.createDirectory(atPath: busy, withIntermediateDirectories: false)
        let live = (busy as NSString).appendingPathComponent(".intervals.csv.partial-\(getpid())")
        try Data("half".utf8).write(to: URL(fileURLWithPath: live))
        let request = ExportRequest(
            databasePath: database, from: .absolute(SeededVillage.start), to: .absolute(SeededVillage.start + 86_400),
            tables: [.intervals], outputDirectory: busy)
        let error = #expect(throws: ExportError.self) { try Exporter().run(request) }
        #expect(error?.code == .outputNotEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: busy) == [".intervals.csv.partial-\(getpid())"])
    }
}
