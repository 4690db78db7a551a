import DeviceProfiles
import FirmwareSim
import Foundation
import Metering
import Site
import TestKit
import Testing
import VillageStore

/// The heat pumps' outdoor sensor, read over real Modbus from the simulated village, stored as each
/// interval's mean and checked against the simulator's own interval mean of the air temperature.
@Suite(.serialized) struct OutdoorTemperatureCollectionTests {
    /// 2025-01-14 05:00 in Seoul: a winter dawn, when the air warms by a few kelvin in two hours.
    static let start: Int64 = 1_736_798_400

    @Test func theCollectorStoresEachIntervalsMeanOutdoorTemperature() async throws {
        let truth = TruthCollector()
        let profiles = try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters"))
        let village = try SimulatedVillage.startedOnFreePorts(.default) {
            try SimulatedVillage(site: $0, start: Self.start, profiles: profiles, truthSink: truth)
        }
        defer { village.stop() }
        let site = village.site
        let directory = try TestFiles.temporaryDirectory()
        let store = try VillageStore(path: directory.appendingPathComponent("village.sqlite").path)
        let collector = try MeteringCollector(site: site, profiles: profiles, store: store)
        for minute in 0..<(3 * 60) {
            if minute > 0 { try village.advance(seconds: 60) }
            try await collector.poll(at: village.host.now)
        }
        await collector.shutdown()

        let stored = try await store.outdoorTemperatureIntervals(from: Self.start, to: .max)
        // Every device on the heat-pump map has the sensor: the pumps and the tank controller.
        let sensors = Set(site.heatPlant.heatPumps.map(\.device) + [site.heatPlant.tankSensor])
        #expect(Set(stored.map(\.deviceId)) == sensors)
        // Every closed interval has one reading a minute from each of them.
        for record in stored where record.start < Self.start + 3 * 3600 - 900 {
            #expect(record.samples == 15, "\(record.deviceId) at +\(record.start - Self.start): \(record.samples)")
        }
        // From the second interval: the first poll, at the simulator's start, reads the temperature it
        // starts with before its first physics step has computed the weather.
        let means = try await store.outdoorTemperatures(from: Self.start + 900, to: Self.start + 3 * 3600 - 900)
        let intervals = truth.intervals.filter { means[$0.start] != nil }
        try #require(intervals.count == 10)
        for interval in intervals {
            let measured = try #require(means[interval.start])
            // 0.1 °C register steps, and samples once a minute where the simulator averages every step.
            #expect(
                abs(measured - interval.airTemperatureC) < 0.15,
                "+\(interval.start - Self.start) s: stored \(measured) °C, simulated \(interval.airTemperatureC) °C")
        }
        // The dawn warming is in the data, not a constant.
        let ordered = intervals.sorted { $0.start < $1.start }.compactMap { means[$0.start] }
        #expect((ordered.max() ?? 0) - (ordered.min() ?? 0) > 0.3)
    }
}
