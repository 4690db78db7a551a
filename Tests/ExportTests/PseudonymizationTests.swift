import Export
import Foundation
import Testing

/// A pseudonymised export holds no unit number, device id, serial or name anywhere in its bytes,
/// and its pseudonyms are stable for one key and different under another.
@Suite struct PseudonymizationTests {
    @Test(arguments: [ExportFormat.csv, .jsonl, .ngsiLD])
    func noIdentifierAppearsInAnyOutputByte(format: ExportFormat) async throws {
        let village = try await SeededVillage(seed: 21)
        defer { village.remove() }
        let key = try village.keyFile(seed: 1)
        for resolution in [ExportResolution.raw, .hour] {
            let out = village.outputPath()
            var request = village.request(what: ExportTable.allCases, resolution: resolution, format: format, out: out)
            request.skipsUnavailableTables = true
            request.pseudonymKeyFile = key
            request.households = ["u101", "u103", "u104"]
            let summary = try Exporter().run(request)
            #expect(summary.files.contains { $0.rows > 0 })
            let (valid, report) = try DataPackageTests.frictionlessValidate(out)
            #expect(valid, "\(report)")
            let files = try ExportedFiles.allBytes(under: out)
            #expect(files.count == summary.files.count + 1)
            for (path, data) in files {
                for secret in SeededVillage.secrets {
                    #expect(data.range(of: Data(secret.utf8)) == nil, "\(secret) appears in \(path)")
                }
            }
            // The summary that the command prints is free of them too.
            let printed = try JSONEncoder().encode(summary)
            for secret in SeededVillage.secrets where !summary.files.isEmpty {
                #expect(printed.range(of: Data(secret.utf8)) == nil, "\(secret) appears in the summary")
            }
        }
    }

    @Test func pseudonymsAreStablePerKeyAndDifferAcrossKeys() async throws {
        let village = try await SeededVillage(seed: 22)
        defer { village.remove() }
        func owners(key: String) throws -> [String] {
            let out = village.outputPath()
            var request = village.request(what: [.intervals], resolution: .day, out: out)
            request.pseudonymKeyFile = key
            _ = try Exporter().run(request)
            return try ExportRows.read(table: .intervals, format: .csv, directory: out).compactMap { $0["owner_id"] }
        }
        let first = try owners(key: village.keyFile(seed: 1))
        let again = try owners(key: village.keyFile(seed: 1))
        let other = try owners(key: village.keyFile(seed: 2))
        #expect(first == again)
        #expect(Set(first).count == SeededVillage.unitIds.count + 1)
        #expect(Set(first).isDisjoint(with: Set(other)))
        #expect(first.allSatisfy { $0.hasPrefix("hh-") || $0.hasPrefix("dev-") })
    }

    @Test func shortKeysAreRefused() async throws {
        let village = try await SeededVillage(seed: 23)
        defer { village.remove() }
        let out = village.outputPath()
        var request = village.request(what: [.intervals], out: out)
        request.pseudonymKeyFile = try village.keyFile(seed: 1, bytes: 8)
        #expect(throws: ExportError.self) { try Exporter().run(request) }
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
