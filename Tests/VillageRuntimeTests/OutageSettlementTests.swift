import Foundation
import Market
import MarketStore
import Metering
import Tariffs
import TestKit
import Testing
import VillageStore

@testable import VillageRuntime

/// Outages of any length reach the ledger: meters counted on while nobody read them, so the
/// counter difference across the outage is spread over its intervals, settled as estimated, and
/// nothing the meters counted is lost or counted twice.
@Suite struct OutageSettlementTests {
    /// 2025-06-16 00:00 Asia/Seoul.
    static let start: Int64 = 1_749_999_600
    static let households = ["101", "102", "103", "104"]
    static let pvHouseholds: Set<String> = ["101", "102", "104"]
    static let end = start + 3 * 86_400 + 6 * 3600

    /// When a device (or every device) is not read.
    struct Outage {
        var from: Int64
        var hours: Int64
        var devices: Set<String>?  // nil: the daemon is down, nothing is read or settled
        func covers(_ time: Int64, device: String) -> Bool {
            time > from && time < from + hours * 3600 && (devices?.contains(device) ?? true)
        }
    }

    static let outages = [
        // 102's electricity meter is silent from dawn to dusk while its inverter answers: the
        // estimate spreads the day's export over the night hours too.
        Outage(from: start + 5 * 3600 + 7 * 60, hours: 14, devices: ["102-elec"]),
        // 103's link is cut for 26 h: both its devices.
        Outage(from: start + 5 * 3600 + 33 * 60, hours: 26, devices: ["103-elec", "103-pv"]),
        // The daemon is down for 2 h, and later for 26 h (the host off for a day).
        Outage(from: start + 36 * 3600 + 10 * 60, hours: 2, devices: nil),
        Outage(from: start + 42 * 3600 + 50 * 60, hours: 26, devices: nil),
    ]

    /// Counters of one household's meters, advanced a minute at a time from a seeded load and a
    /// clear-sky PV shape.
    struct Meters {
        var importWh = 0.0, exportWh = 0.0, pvWh = 0.0
        mutating func advance(minuteAt time: Int64, household: String, rng: inout SeededGenerator) {
            let hour = Double((time - OutageSettlementTests.start) % 86_400) / 3600
            let pvW =
                OutageSettlementTests.pvHouseholds.contains(household) && hour > 6 && hour < 19
                ? 4_000 * sin((hour - 6) / 13 * .pi) : 0
            let loadW = Double(UInt64.random(in: 150...2_500, using: &rng))
            pvWh += pvW / 60
            let net = (loadW - pvW) / 60
            if net > 0 { importWh += net } else { exportWh -= net }
        }
        func count(_ channel: MeteringChannel) -> UInt64 {
            UInt64((channel == .energyImport ? importWh : channel == .energyExport ? exportWh : pvWh).rounded(.down))
        }
    }

    @Test func everyClosedIntervalSettlesAcrossOutagesOfTwoAndTwentySixHours() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let store = try VillageStore(path: directory.appendingPathComponent("village.sqlite").path)
        try await store.register(
            site: SiteRecord(id: "eco-delta", name: "Eco Delta"), households: Self.households.map(HouseholdRecord.init),
            devices: Self.households.flatMap { household in
                [
                    DeviceRecord(
                        id: "\(household)-elec", householdId: household, kind: "electricity-meter", profile: "sdm630"),
                    DeviceRecord(
                        id: "\(household)-pv", householdId: household, kind: "pv-inverter", profile: "sunspec-inverter"),
                ]
            })
        let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        let settings = MarketSettings(
            importTariff: try tariffs.tariff(named: "kepco-residential-low-voltage"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
        let ledger = SQLiteLedgerStore(store: store)
        let catchUp = SettlementCatchUp(settlement: MeteredSettlement(store: store, ledger: ledger, settings: settings))

        // One accumulator per counter, as the collector keeps them.
        var accumulators: [String: (device: String, accumulator: IntervalAccumulator)] = [:]
        for household in Self.households {
            for (device, channel) in [
                ("elec", MeteringChannel.energyImport), ("elec", .energyExport), ("pv", .pvGeneration),
            ] {
                let configuration = CounterConfiguration(
                    deviceId: "\(household)-\(device)", channel: channel, owner: .household(household),
                    registerBits: 32, ratedUnitsPerHour: 20_000, measuredGapSeconds: 90)
                accumulators["\(household) \(channel)"] = (
                    "\(household)-\(device)", try IntervalAccumulator(configuration: configuration)
                )
            }
        }
        var meters: [String: Meters] = Dictionary(uniqueKeysWithValues: Self.households.map { ($0, Meters()) })
        var first: [String: Meters] = [:]
        var rng = SeededGenerator(seed: 1_415)
        var lastSettlement = Self.start
        for time in stride(from: Self.start, through: Self.end, by: 60) {
            if time > Self.start {
                for household in Self.households {
                    meters[household]!.advance(minuteAt: time, household: household, rng: &rng)
                }
            }
            if time == Self.start { first = meters }
            let daemonDown = Self.outages.contains { $0.devices == nil && $0.covers(time, device: "") }
            if daemonDown { continue }
            var intervals: [IntervalEnergy] = []
            for (key, entry) in accumulators.sorted(by: { $0.key < $1.key }) {
                guard !Self.outages.contains(where: { $0.covers(time, device: entry.device) }) else { continue }
                let household = String(key.prefix(3))
                let channel = MeteringChannel(rawValue: String(key.dropFirst(4)))
                var accumulator = entry.accumulator
                intervals +=
                    accumulator.ingest(CounterReading(timestamp: time, count: meters[household]!.count(channel)))
                    .intervals
                accumulators[key] = (entry.device, accumulator)
            }
            if !intervals.isEmpty { try await store.upsert(intervals: intervals) }
            // The daemon settles what closed, a poll after each quarter hour's end.
            if time - lastSettlement >= 900, time % 900 == 60 {
                _ = try await catchUp.run(closedUntil: time - 60)
                lastSettlement = time
            }
        }
        _ = try await catchUp.run(closedUntil: Self.end)

        // Every interval from the first to the end settled once, in a ledger that verifies.
        let transactions = try ledger.allTransactions()
        let settled = transactions.filter { $0.kind == .settlement }.map(\.intervalStart)
        #expect(Set(settled).count == settled.count, "an interval settled twice")
        let skipped = Set(stride(from: Self.start, to: Self.end, by: 900)).subtracting(settled).sorted()
        #expect(skipped.isEmpty, "\(skipped.count) intervals skipped, the first at \(skipped.first ?? 0)")
        #expect(try ledger.verify().isIntact)

        // The invariant: each household's settled net import equals its counters' net difference to
        // the Wh, and its settled PV the inverter's difference (102's PV may be raised where its
        // estimated export exceeded the measured PV; its net stays exact).
        var netImport: [String: Int64] = [:]
        var produced: [String: Int64] = [:]
        for transaction in transactions {
            for reading in transaction.meterReadings {
                guard let id = reading.participant.householdID else { continue }
                netImport[id, default: 0] += reading.consumedWh - reading.producedWh
                produced[id, default: 0] += reading.producedWh
            }
        }
        for household in Self.households {
            let before = try #require(first[household])
            let after = try #require(meters[household])
            let expectedNet =
                Int64(after.count(.energyImport)) - Int64(before.count(.energyImport))
                - (Int64(after.count(.energyExport)) - Int64(before.count(.energyExport)))
            let expectedPV = Int64(after.count(.pvGeneration)) - Int64(before.count(.pvGeneration))
            #expect(netImport[household] == expectedNet, "household \(household): settled net import")
            if household == "102" {
                #expect((produced[household] ?? 0) >= expectedPV, "household \(household): settled PV")
            } else {
                #expect(produced[household] == expectedPV, "household \(household): settled PV")
            }
        }

        // Across the day-long outages nothing traded with a neighbour: estimates settle with the grid.
        let dayOff = Self.outages[3]
        for transaction in transactions
        where transaction.intervalStart > dayOff.from + 900
            && transaction.intervalStart + 900 < dayOff.from + dayOff.hours * 3600
        {
            #expect(transaction.deliveredTrades.isEmpty, "interval \(transaction.intervalStart) traded on an estimate")
        }
        // 103's day of silence was settled late, as corrections well past the six-hour window.
        let cut = Self.outages[1]
        let corrected = transactions.filter {
            $0.kind == .correction && $0.meterReadings.contains { $0.participant == .household("103") }
        }
        #expect(corrected.contains { $0.intervalStart < cut.from + 3600 })

        let progress = try await store.settlementProgress(lastClosed: Self.end - 900)
        #expect(progress.pending == 0)
        #expect(progress.settled == settled.count)
        #expect(progress.estimated >= 4 * 26, "estimated intervals: \(progress.estimated)")
    }
}
