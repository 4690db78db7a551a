import ConfigFiles
import DeviceProfiles
import Foundation
import Modbus
import TestKit
import Testing

@Suite struct ProfileLoadingTests {
    static let metersDirectory = TestFiles.repository.appendingPathComponent("Meters")

    @Test func everyShippedProfileLoads() throws {
        let library = try ProfileLibrary(directory: Self.metersDirectory)
        #expect(
            Set(library.profiles.keys) == [
                "sdm630", "sdm120", "sunspec-inverter", "sunspec-meter", "sunspec-ess", "mbus-gateway", "heat-pump",
            ])
        let sdm630 = try library.profile("sdm630")
        #expect(sdm630.field(semantic: "energy.import")?.location == .address(table: .input, 0x48))
        #expect(sdm630.field(semantic: "energy.import")?.type == .float32)
        #expect(try library.profile("sunspec-ess").controls.count == 6)
    }

    @Test func unknownProfileNamesTheKnownOnes() throws {
        let library = try ProfileLibrary(directory: Self.metersDirectory)
        let error = #expect(throws: ProfileLookupError.self) { try library.profile("sdm999") }
        #expect(error?.description.contains("sdm630") == true)
    }

    static let valid = """
        id: test
        table: input
        blocks:
          - {start: 0, count: 10}
        fields:
          - {name: a, address: 0, type: float32, unit: W}
          - {name: b, address: 2, type: u16}
        """

    @Test func validProfileParses() throws {
        let profile = try DeviceProfile(yaml: Self.valid, file: "test.yaml")
        #expect(profile.fields.map(\.name) == ["a", "b"])
    }

    /// Each broken profile is refused with the file, the key path and a reason.
    @Test(arguments: [
        (Self.valid.replacingOccurrences(of: "type: u16", with: "type: u17"), "fields[1].type", "unknown type"),
        (
            Self.valid.replacingOccurrences(of: "address: 2, type: u16", with: "address: 1, type: u16"), "fields[1]",
            "overlaps field a"
        ),
        (Self.valid.replacingOccurrences(of: "count: 10", with: "count: 126"), "blocks[0].count", "1 to 125"),
        (Self.valid.replacingOccurrences(of: "id: test\n", with: ""), "", "missing required key id"),
        (Self.valid.replacingOccurrences(of: "unit: W", with: "unti: W"), "fields[0].unti", "unknown key"),
        (
            Self.valid.replacingOccurrences(of: "address: 2, type: u16", with: "address: 9, type: u32"),
            "fields[1].address", "not inside any block"
        ),
        (
            Self.valid.replacingOccurrences(of: "unit: W", with: "scale_factor: nope"), "fields[0].scale_factor",
            "no field named nope"
        ),
        (Self.valid.replacingOccurrences(of: "name: b", with: "name: a"), "fields[1].name", "duplicate"),
        (
            Self.valid.replacingOccurrences(of: "address: 0, type", with: "address: zero, type"), "fields[0].address",
            "expected an integer"
        ),
        ("id: [", "", "not valid YAML"),
    ])
    func badProfileIsRefusedNamingFileAndKey(yaml: String, keyPath: String, reason: String) {
        let error = #expect(throws: ConfigError.self) { try DeviceProfile(yaml: yaml, file: "Meters/broken.yaml") }
        #expect(error?.file == "Meters/broken.yaml")
        #expect(error?.keyPath == keyPath, "\(String(describing: error))")
        #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
        #expect(error?.description.hasPrefix("Meters/broken.yaml") == true)
    }

    @Test func readPlanMergesAdjacentBlocksWithinTheLimit() {
        let blocks = [
            RegisterBlock(table: .input, start: 0, count: 60), RegisterBlock(table: .input, start: 60, count: 60),
            RegisterBlock(table: .input, start: 120, count: 20), RegisterBlock(table: .holding, start: 0, count: 4),
            RegisterBlock(table: .input, start: 300, count: 2),
        ]
        let plan = ReadPlan(blocks: blocks, maxRegistersPerRequest: 125)
        #expect(plan.requests.count == 4)
        #expect(plan.requests.contains(RegisterBlock(table: .input, start: 0, count: 120)))
        #expect(plan.requests.allSatisfy { $0.count <= 125 })
        let strict = ReadPlan(blocks: blocks, maxRegistersPerRequest: 60)
        #expect(strict.requests.count == 5)
    }
}
