import DeviceProfiles
import FirmwareSim
import Foundation
import Metering
import Site
import TestKit
import Testing
import VillageStore

/// The collector against the simulated village over real Modbus, checked against the simulator's
/// ground truth.
@Suite(.serialized) struct CollectorSimulatorTests {
    /// 2024-06-10 07:00 in Seoul: a summer morning, so PV, consumption and water all move.
    static let start: Int64 = 1_717_970_400
    static let hours: Int64 = 4

    @Test func fourHoursWithFaultsMatchTheGroundTruth() async throws {
        let faults = FaultPlan(
            seed: 5,
            faults: [
                // meter-101 goes silent from 08:00 to 08:30: its intervals there must not be "measured".
                .init(device: "meter-101", kind: .noReply, fromSeconds: 3600, untilSeconds: 5400),
                // pv-102 answers "server device busy" from 07:30 to 07:45.
                .init(device: "pv-102", kind: .exception, code: 6, fromSeconds: 1800, untilSeconds: 2700),
                // meter-103 is replaced at 09:00: its counters restart from zero.
                .init(device: "meter-103", kind: .meterReplacement, atSeconds: 7200),
            ])
        let truth = TruthCollector()
        let profiles = try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters"))
        let village = try SimulatedVillage.startedOnFreePorts(.default) {
            try SimulatedVillage(site: $0, start: Self.start, profiles: profiles, faults: faults, truthSink: truth)
        }
        defer { village.stop() }
        let site = village.site
        let directory = try TestFiles.temporaryDirectory()
        let store = try VillageStore(path: directory.appendingPathComponent("village.sqlite").path)
        var configuration = CollectorConfiguration()
        configuration.responseTimeout = .milliseconds(250)

        // Poll once a simulated minute; halfway through, "crash" and start a new collector on the
        // same database, as a restarted process would. The restarted one overlaps each commit with
        // the next cycle's reads, as the daemon does.
        var collector = try MeteringCollector(
            site: site, profiles: profiles, store: store, configuration: configuration)
        for minute in 0...(Self.hours * 60) {
            if minute > 0 { try village.advance(seconds: 60) }
            if minute == Self.hours * 30 {
                await collector.shutdown()
                collector = try MeteringCollector(
                    site: site, profiles: profiles, store: store, configuration: configuration)
            }
            if minute < Self.hours * 30 {
                try await collector.poll(at: village.host.now)
            } else {
                try await collector.pollOverlappingCommit(at: village.host.now)
            }
        }
        await collector.shutdown()

        let intervals = truth.intervals.filter { $0.start > Self.start && $0.end <= Self.start + Self.hours * 3600 }
        try #require(intervals.count == Int(Self.hours) * 4 - 1)
        var compared = 0
        var worstRelativeError = 0.0
        for household in site.households where site.household(household.unit)?.roofPV != nil {
            let owner = IntervalOwner.household(household.unit)
            let pv = try await byStart(
                store.intervals(owner: owner, channel: .pvGeneration, from: Self.start, to: .max))
            let imports = try await byStart(
                store.intervals(owner: owner, channel: .energyImport, from: Self.start, to: .max))
            let exports = try await byStart(
                store.intervals(owner: owner, channel: .energyExport, from: Self.start, to: .max))
            let water = try await byStart(store.intervals(owner: owner, channel: .water, from: Self.start, to: .max))
            for interval in intervals {
                let expected = try #require(interval.households.first { $0.unit == household.unit })
                let faulted = Self.faultedDevices(at: interval.start).intersection(
                    [expected.meterDevice, expected.inverterDevice].compactMap { $0 })
                if let measured = pv[interval.start], measured.quality == .measured {
                    #expect(
                        Self.close(measured.value, expected.roofPVWh),
                        "pv \(household.unit) at +\(interval.start - Self.start)")
                    worstRelativeError = max(worstRelativeError, Self.relativeError(measured.value, expected.roofPVWh))
                    compared += 1
                }
                // The household meter is bidirectional with the roof PV behind it, and counts in
                // 0.01 kWh steps, so an interval is exact to 10 Wh.
                if let imported = imports[interval.start], let exported = exports[interval.start],
                    imported.quality == .measured, exported.quality == .measured
                {
                    #expect(
                        Self.close(imported.value, expected.meterImportWh, slackWh: 10),
                        "import \(household.unit) at +\(interval.start - Self.start): \(imported.value) vs \(expected.meterImportWh)"
                    )
                    #expect(
                        Self.close(exported.value, expected.meterExportWh, slackWh: 10),
                        "export \(household.unit) at +\(interval.start - Self.start): \(exported.value) vs \(expected.meterExportWh)"
                    )
                    compared += 2
                } else {
                    #expect(
                        !faulted.isEmpty || interval.start == Self.start,
                        "unexplained gap \(household.unit) \(interval.start)")
                }
                if let litres = water[interval.start], litres.quality == .measured {
                    #expect(
                        Self.close(litres.value, expected.waterLitres),
                        "water \(household.unit) at +\(interval.start - Self.start)")
                    compared += 1
                }
            }
        }
        #expect(compared > 56 * 14)
        print(
            "collector vs truth: \(compared) measured intervals compared, worst PV relative error \(worstRelativeError)"
        )

        // The silent meter: nothing during its outage is called measured, and nothing is counted twice.
        let silent = try await store.intervals(
            owner: .household("101"), channel: .energyImport, from: Self.start, to: .max)
        for interval in silent where interval.start >= Self.start + 3600 && interval.start < Self.start + 5400 {
            #expect(
                interval.quality != .measured, "interval \(interval.start) of the silent meter is \(interval.quality)")
        }
        let starts = silent.map(\.start)
        #expect(Set(starts).count == starts.count)

        // The replaced meter: an event, and no negative or doubled energy.
        let events = try await store.events(deviceId: "meter-103", from: Self.start, to: .max)
        #expect(events.contains { $0.kind == .counterReset })
        let replaced = try await store.intervals(
            owner: .household("103"), channel: .energyImport, from: Self.start, to: .max)
        #expect(replaced.allSatisfy { $0.value >= 0 })
        let truthImport = intervals.compactMap { $0.households.first { $0.unit == "103" } }
            .map(\.meterImportWh).reduce(0, +)
        let storedImport = replaced.filter { $0.start > Self.start && $0.start < Self.start + Self.hours * 3600 }.map(
            \.value
        ).reduce(0, +)
        #expect(
            storedImport <= truthImport + 10,
            "replaced meter booked \(storedImport) Wh, truth at most \(truthImport) Wh")

        // Health: the busy inverter was counted, and everything is online at the end.
        let health = try await store.health()
        #expect(health.first { $0.deviceId == "pv-102" }?.errorCounts["exception-6"] ?? 0 > 0)
        #expect(health.first { $0.deviceId == "meter-101" }?.errorCounts["timeout"] ?? 0 > 0)
    }

    // MARK: Helpers

    static func faultedDevices(at start: Int64) -> Set<String> {
        let offset = start - Self.start
        var devices: Set<String> = []
        if offset >= 3600 - 900 && offset < 5400 + 900 { devices.insert("meter-101") }
        if offset >= 1800 - 900 && offset < 2700 + 900 { devices.insert("pv-102") }
        if offset >= 7200 - 900 && offset < 7200 + 900 { devices.insert("meter-103") }
        return devices
    }

    /// Within 0.1 % of the truth, or the meter's resolution (whole Wh, float32 kWh registers).
    static func close(_ measured: Int64, _ expected: Int64, slackWh: Int64 = 2) -> Bool {
        abs(measured - expected) <= max(slackWh, Int64((Double(abs(expected)) * 0.001).rounded(.up)))
    }

    static func relativeError(_ measured: Int64, _ expected: Int64) -> Double {
        expected == 0 ? 0 : Double(abs(measured - expected)) / Double(abs(expected))
    }

    func byStart(_ intervals: [IntervalEnergy]) -> [Int64: IntervalEnergy] {
        Dictionary(intervals.map { ($0.start, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Keeps the simulator's ground truth in memory.
final class TruthCollector: GroundTruthSink, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [IntervalTruth] = []
    var intervals: [IntervalTruth] { lock.withLock { stored } }
    func record(_ interval: IntervalTruth) throws { lock.withLock { stored.append(interval) } }
}
