import Export
import Foundation
import TestKit
import Testing

/// `datapackage.json` validated by an independent implementation, the Frictionless Python package,
/// which also checks every CSV/JSON Lines row against the declared schema (types, enums, bytes).
@Suite struct DataPackageTests {
    static func frictionlessValidate(_ directory: String) throws -> (valid: Bool, report: String) {
        let descriptor = (directory as NSString).appendingPathComponent("datapackage.json")
        let result = try PeerProcess.run("frictionless", ["validate", "--json", descriptor])
        let start = try #require(result.output.firstIndex(of: "{"), "frictionless printed no JSON: \(result.output)")
        let report = String(result.output[start...])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        return (object["valid"] as? Bool == true && result.status == 0, report)
    }

    @Test(arguments: [ExportFormat.csv, .jsonl, .ngsiLD], [ExportResolution.raw, .hour, .day])
    func frictionlessAcceptsTheExport(format: ExportFormat, resolution: ExportResolution) async throws {
        let village = try await SeededVillage(seed: 11)
        defer { village.remove() }
        let out = village.outputPath()
        var request = village.request(what: ExportTable.allCases, resolution: resolution, format: format, out: out)
        request.skipsUnavailableTables = true
        let summary = try Exporter().run(request)
        let (valid, report) = try Self.frictionlessValidate(out)
        #expect(valid, "\(report)")

        let package = try DataPackageFile(directory: out)
        let names = package.resources.compactMap { $0["name"] as? String }
        #expect(names == summary.files.map(\.name))
        // Units and quality flags are described.
        let intervals = try #require(package.resources.first { $0["name"] as? String == "intervals" })
        if format != .ngsiLD {
            let fields = try #require((intervals["schema"] as? [String: Any])?["fields"] as? [[String: Any]])
            let energy = try #require(fields.first { $0["name"] as? String == "energy_wh" })
            #expect(energy["unit"] as? String == "Wh")
        }
        let villageSection = try #require(package.object["x-village"] as? [String: Any])
        let flags = try #require(villageSection["qualityFlags"] as? [String: String])
        #expect(Set(flags.keys) == ["measured", "estimated", "missing"])
        // Absent when every table was exported.
        let notExported = villageSection["notExported"] as? [String: String] ?? [:]
        // The store has an empty ledger: CSV and NGSI-LD carry an empty trades table, JSON Lines
        // (whose empty file would name no fields) reports it instead.
        #expect(notExported["trades"] == (format == .jsonl ? "no rows in the requested range" : nil))
        // Dispatch (empty here) has a row per step and per write: refused at 1h/1d, said once by its name.
        if resolution == .raw {
            #expect(notExported["dispatch"] == nil)
            for name in ["dispatch_plan_steps", "dispatch_commands"] {
                #expect(notExported[name] == (format == .jsonl ? "no rows in the requested range" : nil))
                #expect(names.contains(name) == (format != .jsonl))
            }
        } else {
            #expect(notExported["dispatch"]?.contains("--resolution raw or 15m") == true)
        }
    }

    @Test func frictionlessRejectsATamperedFile() async throws {
        // The validator is able to fail: a cell that breaks its declared type is caught.
        let village = try await SeededVillage(seed: 12)
        defer { village.remove() }
        let out = village.outputPath()
        _ = try Exporter().run(village.request(what: [.intervals], resolution: .hour, out: out))
        let path = (out as NSString).appendingPathComponent("intervals.csv")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let range = try #require(text.range(of: ",household,"))
        text.replaceSubrange(range, with: ",villa,")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Self.frictionlessValidate(out).valid == false)
    }
}
