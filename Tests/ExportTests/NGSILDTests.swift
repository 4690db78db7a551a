import Export
import Foundation
import Testing

/// NGSI-LD files are JSON arrays of entities, each with a URN `id`, a `type` and an `@context`,
/// in normalised form (attributes are `Property` or `Relationship` objects).
@Suite struct NGSILDTests {
    @Test(arguments: [ExportResolution.raw, .day])
    func entitiesHaveIdTypeAndContext(resolution: ExportResolution) async throws {
        let village = try await SeededVillage(seed: 5)
        defer { village.remove() }
        _ = try await SeededDispatch.record(into: village, seed: 5, days: 1)
        let types = [
            "events": "DeviceEvent", "trades": "EnergyTrade", "dispatch_plan_steps": "DispatchPlanStep",
            "dispatch_commands": "DispatchCommand",
        ]
        let out = village.outputPath()
        var request = village.request(what: ExportTable.allCases, resolution: resolution, format: .ngsiLD, out: out)
        request.skipsUnavailableTables = true
        let summary = try Exporter().run(request)
        #expect(summary.files.contains { $0.table == .dispatch && $0.rows > 0 } == (resolution == .raw))
        for file in summary.files {
            let entities = try ExportedFiles.entities(file.path)
            #expect(entities.count == file.rows)
            var ids = Set<String>()
            for entity in entities {
                let id = try #require(entity["id"] as? String)
                #expect(id.hasPrefix("urn:ngsi-ld:"))
                #expect(!id.contains(" ") && !id.contains("+"))
                #expect(ids.insert(id).inserted, "entity ids are unique")
                let type = try #require(entity["type"] as? String)
                #expect(type == types[file.name, default: "DeviceMeasurement"])
                let context = try #require(entity["@context"] as? [String])
                #expect(context.contains { $0.contains("ngsi-ld-core-context") })
                for (name, value) in entity where !["id", "type", "@context"].contains(name) {
                    let attribute = try #require(value as? [String: Any], "\(name) is an attribute object")
                    let kind = attribute["type"] as? String
                    #expect(kind == "Property" || kind == "Relationship")
                    #expect(attribute["value"] != nil || attribute["object"] != nil)
                }
                if type == "DeviceMeasurement" {
                    let numValue = try #require(entity["numValue"] as? [String: Any])
                    #expect(numValue["value"] is NSNumber)
                    let observedAt = try #require(numValue["observedAt"] as? String)
                    #expect(observedAt.hasSuffix("Z"))
                }
            }
        }
    }
}
