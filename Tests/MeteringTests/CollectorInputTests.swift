import DeviceProfiles
import Foundation
import Metering
import Site
import TestKit
import Testing
import VillageStore

/// Bad input to the collector is refused before anything is written.
@Suite struct CollectorInputTests {
    let profiles = try! ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters"))

    @Test func unknownProfileNamesTheDeviceAndWritesNothing() async throws {
        var site = Site.default
        site.devices[0].profile = "sdm999"
        let directory = try TestFiles.temporaryDirectory()
        let path = directory.appendingPathComponent("village.sqlite").path
        let store = try VillageStore(path: path)
        let error = #expect(throws: CollectorError.self) {
            try MeteringCollector(site: site, profiles: profiles, store: store)
        }
        #expect(error?.code == .unknownProfile)
        #expect(error?.description.contains(site.devices[0].id) == true)
        #expect(error?.description.contains("sdm999") == true)
        #expect(try await store.devices().isEmpty)
    }

    @Test func siteWithADuplicateDeviceOrAnUndefinedHouseholdIsRefusedNamingIt() throws {
        let text = try String(
            contentsOf: TestFiles.repository.appendingPathComponent("Firmware-Sim/sites/default.yaml"), encoding: .utf8)
        let duplicated = text.replacingOccurrences(of: "id: \"pv-101\"", with: "id: \"meter-101\"")
        let duplicate = #expect(throws: SiteError.self) { try Site(yaml: duplicated, file: "site.yaml") }
        #expect(duplicate?.code == .duplicateIdentifier)
        #expect(duplicate?.description.contains("meter-101") == true)
        let orphan = text.replacingOccurrences(
            of: "household: \"101\", endpoint: {host: \"127.0.0.1\", port: 20101, unitId: 2}",
            with: "household: \"999\", endpoint: {host: \"127.0.0.1\", port: 20101, unitId: 2}")
        let undefined = #expect(throws: SiteError.self) { try Site(yaml: orphan, file: "site.yaml") }
        #expect(undefined?.code == .undefinedReference)
        #expect(undefined?.description.contains("999") == true)
    }

    @Test func fileThatIsNotADatabaseIsRefusedAndLeftAsItWas() throws {
        let directory = try TestFiles.temporaryDirectory()
        let path = directory.appendingPathComponent("notes.sqlite").path
        let content = Data("these are my notes, not a database\n".utf8)
        try content.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try VillageStore(path: path) }
        #expect(error?.description.contains(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
    }
}
