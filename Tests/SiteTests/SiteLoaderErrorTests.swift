import Foundation
import Site
import Testing

/// Bad site files are refused with the file, the field path and the kind of problem.
@Suite("Site loader errors")
struct SiteLoaderErrorTests {
    /// A small valid site; each case below breaks one thing in it.
    static let valid = """
        name: tiny
        latitudeDeg: 35.1
        longitudeDeg: 128.9
        timeZone: Asia/Seoul
        seed: 7
        households:
          - unit: "101"
            roofPV: {peakPowerKWp: 4}
          - unit: "102"
            occupied: false
        devices:
          - {id: meter-101, profile: sdm630, household: "101", endpoint: {port: 21001, unitId: 1}}
          - {id: pv-101, profile: sunspec-inverter, household: "101", endpoint: {port: 21001, unitId: 2}}
          - {id: meter-102, profile: sdm630, household: "102", endpoint: {port: 21002, unitId: 1}}
          - {id: ess, profile: sunspec-ess, endpoint: {port: 21100}}
          - {id: hp-1, profile: heat-pump, endpoint: {port: 21101, unitId: 1}}
          - {id: tank, profile: heat-pump, endpoint: {port: 21101, unitId: 2}}
          - {id: grid, profile: sunspec-meter, endpoint: {port: 21102}}
        ess: {device: ess}
        heatPlant:
          heatPumps: [{device: hp-1, source: river, electricPowerMaxKW: 20}]
          hotTank: {capacityKWh: 200, supplyTemperatureC: 55}
          coldTank: {capacityKWh: 100, supplyTemperatureC: 7}
          tankSensor: tank
        grid: {meter: grid}
        """

    @Test func validSiteLoads() throws {
        let site = try Site(yaml: Self.valid, file: "tiny.yaml")
        #expect(site.households.count == 2)
        #expect(site.households[1].occupied == false)
        #expect(site.devices[3].endpoint == ModbusEndpoint(host: "127.0.0.1", port: 21100, unitId: 1))
        #expect(site.ess.capacityKWh == 400)  // documented default
    }

    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let replace: String
        let with: String
        let code: SiteError.Code
        let field: String
        /// The line of the field in the broken file (the first line is 1).
        let line: Int
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown key", replace: "seed: 7", with: "seed: 7\nsede: 8", code: .unknownKey, field: "sede", line: 6
        ),
        Case(
            name: "unknown nested key", replace: "roofPV: {peakPowerKWp: 4}", with: "roofPV: {peakPowerKwp: 4}",
            code: .unknownKey, field: "households[0].roofPV.peakPowerKwp", line: 8),
        Case(
            name: "duplicate device id", replace: "{id: meter-102,", with: "{id: meter-101,",
            code: .duplicateIdentifier, field: "devices[2].id", line: 14),
        Case(
            name: "duplicate endpoint", replace: "endpoint: {port: 21002, unitId: 1}",
            with: "endpoint: {port: 21001, unitId: 1}",
            code: .duplicateEndpoint, field: "devices[2].endpoint", line: 14),
        Case(
            name: "household not defined", replace: "household: \"102\"", with: "household: \"109\"",
            code: .undefinedReference, field: "devices[2].household", line: 14),
        Case(
            name: "port out of range", replace: "port: 21100", with: "port: 70000",
            code: .invalidValue, field: "devices[3].endpoint.port", line: 15),
        Case(
            name: "port zero", replace: "port: 21100", with: "port: 0",
            code: .invalidValue, field: "devices[3].endpoint.port", line: 15),
        Case(
            name: "unit id out of range", replace: "{port: 21101, unitId: 2}", with: "{port: 21101, unitId: 300}",
            code: .invalidValue, field: "devices[5].endpoint.unitId", line: 17),
        Case(
            name: "missing field", replace: "latitudeDeg: 35.1\n", with: "",
            code: .missingField, field: "latitudeDeg", line: 1),
        Case(
            name: "wrong type", replace: "seed: 7", with: "seed: lots",
            code: .invalidValue, field: "seed", line: 5),
        Case(
            name: "ess device undefined", replace: "ess: {device: ess}", with: "ess: {device: battery}",
            code: .undefinedReference, field: "ess.device", line: 19),
        Case(
            name: "ess device with wrong profile", replace: "ess: {device: ess}", with: "ess: {device: grid}",
            code: .invalidValue, field: "ess.device", line: 19),
        Case(
            name: "SoC window inverted", replace: "ess: {device: ess}",
            with: "ess: {device: ess, socMinPct: 90, socMaxPct: 20}",
            code: .invalidValue, field: "ess.socMaxPct", line: 19),
        Case(
            name: "unknown time zone", replace: "Asia/Seoul", with: "Asia/Atlantis",
            code: .invalidValue, field: "timeZone", line: 4),
        Case(
            name: "roof PV without inverter", replace: "  - unit: \"102\"\n",
            with: "  - unit: \"102\"\n    roofPV: {peakPowerKWp: 3}\n",
            code: .undefinedReference, field: "households[1].roofPV", line: 10),
        Case(
            name: "duplicate unit", replace: "unit: \"102\"", with: "unit: \"101\"",
            code: .duplicateIdentifier, field: "households[1].unit", line: 9),
        Case(
            name: "heat pump source unknown", replace: "source: river", with: "source: lake",
            code: .invalidValue, field: "heatPlant.heatPumps[0].source", line: 21),
        Case(
            name: "invalid YAML", replace: "grid: {meter: grid}", with: "grid: {meter: grid",
            code: .invalidYAML, field: "", line: 25),
        Case(
            name: "YAML syntax error mid-file", replace: "seed: 7", with: "seed: 7: 8",
            code: .invalidYAML, field: "", line: 5),
        Case(
            name: "wrong type, nested", replace: "port: 21100", with: "port: lots",
            code: .invalidValue, field: "devices[3].endpoint.port", line: 15),
        Case(
            name: "list where a mapping belongs", replace: "ess: {device: ess}", with: "ess: [ess]",
            code: .invalidValue, field: "ess", line: 19),
    ]

    @Test(arguments: cases)
    func badFileIsRefusedNamingFileAndField(_ badCase: Case) {
        #expect(Self.valid.contains(badCase.replace), "the case must change the file")
        let text = Self.valid.replacingOccurrences(of: badCase.replace, with: badCase.with)
        do {
            _ = try Site(yaml: text, file: "sites/bad.yaml")
            Issue.record("\(badCase.name): accepted")
        } catch {
            #expect(error.code == badCase.code, "\(error)")
            #expect(error.field == badCase.field, "\(error)")
            #expect(error.file == "sites/bad.yaml")
            #expect(error.line == badCase.line, "\(error)")
            let location =
                badCase.field.isEmpty
                ? "sites/bad.yaml:\(badCase.line): " : "sites/bad.yaml:\(badCase.line): \(badCase.field): "
            #expect(error.description.hasPrefix(location), "\(error)")
            // Plain words for the person editing the file, not Swift's decoding vocabulary.
            for jargon in ["Scalar", "decode", "Int64", "Expected to", "Swift"] {
                #expect(!error.message.contains(jargon), "\(error)")
            }
        }
    }

    @Test func wrongTypeQuotesTheValueAndNamesTheExpectedKind() throws {
        let text = Self.valid.replacingOccurrences(of: "seed: 7", with: "seed: lots")
        let error = try #require(throws: SiteError.self) { try Site(yaml: text, file: "sites/bad.yaml") }
        #expect(error.description == #"sites/bad.yaml:5: seed: expected an integer, found "lots""#)
    }

    /// The profile ids in `Meters/` that the small site uses.
    static let knownProfiles: Set<String> = ["sdm630", "sunspec-inverter", "sunspec-ess", "heat-pump", "sunspec-meter"]

    @Test func knownProfilesAreAccepted() throws {
        let site = try Site(yaml: Self.valid, file: "tiny.yaml", knownProfiles: Self.knownProfiles)
        #expect(site.devices.count == 7)
    }

    @Test func unknownProfileNamesFileLineAndDevice() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("site.yaml").path
        let text = Self.valid.replacingOccurrences(
            of: "profile: sdm630, household: \"102\"", with: "profile: sdm999, household: \"102\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: SiteError.self) {
            try Site.load(path: path, knownProfiles: Self.knownProfiles)
        }
        #expect(error.code == .unknownProfile)
        #expect(error.line == 14)
        #expect(error.field == "devices[2].profile")
        #expect(
            error.description.hasPrefix(#"\#(path):14: devices[2].profile: unknown profile "sdm999" (known: "#),
            "\(error)")
        // Without the list of profiles the file is valid: the check is the caller's to ask for.
        #expect(throws: Never.self) { try Site.load(path: path) }
    }

    @Test func unreadableFileNamesThePath() {
        do {
            _ = try Site.load(path: "/nonexistent/site.yaml")
            Issue.record("accepted a missing file")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.file == "/nonexistent/site.yaml")
        }
    }
}
