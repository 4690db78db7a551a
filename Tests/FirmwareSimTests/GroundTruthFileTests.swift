import FirmwareSim
import Foundation
import Site
import TestKit
import Testing

@Suite("Ground truth file")
struct GroundTruthFileTests {
    /// One JSON object per device and interval, energies that add up to the simulated counters.
    @Test func jsonLinesHoldEveryDeviceOfEveryInterval() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("truth.jsonl").path
        let site = Site.default
        let simulation = try VillageSimulation(site: site, start: SimulatedVillageFixture.winterMidnight)
        simulation.truthSink = try JSONLinesTruthWriter(path: path)
        try simulation.advance(seconds: 6 * 3600)
        try simulation.truthSink?.flush()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 24 * site.devices.count)
        let decoder = JSONDecoder()
        let records = try lines.map { try decoder.decode(JSONLinesTruthWriter.Record.self, from: Data($0.utf8)) }
        #expect(Set(records.map(\.device)) == Set(site.devices.map(\.id)))
        let meter101 = records.filter { $0.device == "meter-101" }.compactMap(\.importWh).reduce(0, +)
        #expect(meter101 == simulation.households[0].consumption.whole)
        let starts = Set(records.map(\.start))
        #expect(starts.count == 24)
        #expect(starts.allSatisfy { ($0 + 9 * 3600) % 900 == 0 })
    }
}
