import Export
import Foundation
import Testing
import VillageStore

/// A pseudonymised export holds no unit number, device id, serial or name anywhere in its bytes,
/// and its pseudonyms are stable for one key and different under another.
@Suite struct PseudonymizationTests {
    /// The demo site's id is its name; a site id must not carry the name into NGSI-LD ids or
    /// `datapackage.json` either.
    static let sites = [
        SeededVillage.site,
        SiteRecord(id: "Eco Delta Smart Village (reference)", name: "Eco Delta Smart Village (reference)"),
    ]

    @Test(arguments: [ExportFormat.csv, .jsonl, .ngsiLD], sites)
    func noIdentifierAppearsInAnyOutputByte(format: ExportFormat, site: SiteRecord) async throws {
        let village = try await SeededVillage(seed: 21, site: site)
        defer { village.remove() }
        _ = try await SeededDispatch.record(into: village, seed: 21, days: 1)
        let key = try village.keyFile(seed: 1)
        for resolution in [ExportResolution.raw, .hour] {
            let out = village.outputPath()
            var request = village.request(what: ExportTable.allCases, resolution: resolution, format: format, out: out)
            request.skipsUnavailableTables = true
            request.pseudonymKeyFile = key
            // Raw: every table, dispatch commands to plant devices too; hourly: a household selection.
            if resolution == .hour { request.households = ["u101", "u103", "u104"] }
            let summary = try Exporter().run(request)
            #expect(summary.files.contains { $0.rows > 0 })
            if resolution == .raw { #expect(summary.files.contains { $0.name == "dispatch_commands" && $0.rows > 0 }) }
            let (valid, report) = try DataPackageTests.frictionlessValidate(out)
            #expect(valid, "\(report)")
            let files = try ExportedFiles.allBytes(under: out)
            #expect(files.count == summary.files.count + 1)
            for (path, data) in files {
                for secret in village.secrets {
                    #expect(data.range(of: Data(secret.utf8)) == nil, "\(secret) appears in \(path)")
                }
            }
            // The summary that the command prints is free of them too.
            let printed = try JSONEncoder().encode(summary)
            for secret in village.secrets where !summary.files.isEmpty {
                #expect(printed.range(of: Data(secret.utf8)) == nil, "\(secret) appears in the summary")
            }
            #expect(summary.siteId.hasPrefix("site-"))
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
