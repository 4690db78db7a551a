import Export
import Foundation
import TestKit
import VillageStore

/// A temporary village store filled with seeded, reproducible data: six households with electricity,
/// PV and water meters, a plant battery, raw readings and device events.
///
/// Identifiers are chosen so that a leak is unambiguous when grepping exports: unit numbers start
/// with `u` (not a hex digit, so no pseudonym can contain one by chance) and device ids carry
/// serial numbers.
struct SeededVillage {
    static let site = SiteRecord(id: "eco-delta", name: "Eco Delta Smart Village")
    static let unitIds = ["u101", "u102", "u103", "u104", "u105", "u106"]
    static let serials = ["SNQX4471", "SNQX4472", "SNQX4473", "SNQX4474", "SNQX4475", "SNQX4476"]
    /// 2026-11-30 00:00 Asia/Seoul, in UTC Unix seconds.
    static let start: Int64 = 1_795_964_400
    static let days: Int64 = 3
    static var end: Int64 { start + days * 86_400 }
    static let householdChannels: [MeteringChannel] = [.energyImport, .pvGeneration, .water]

    let directory: URL
    let databasePath: String
    let store: VillageStore
    let intervals: [IntervalEnergy]
    let readings: [RawReading]
    let events: [DeviceEvent]

    static func deviceId(unit index: Int) -> String { "\(unitIds[index])-meter-\(serials[index])" }

    static var devices: [DeviceRecord] {
        unitIds.indices.map { index in
            DeviceRecord(
                id: deviceId(unit: index), householdId: unitIds[index], kind: "multi-meter",
                profile: "sdm630-\(serials[index])")
        } + [DeviceRecord(id: "ess-SNQX9000", householdId: nil, kind: "ess", profile: "sunspec-ess")]
    }

    /// A heat pump that dispatch commands are written to; not registered as a metered device.
    static let heatPumpId = "hp-SNQX9100"

    /// Every identifying string that must not appear in a pseudonymised export: unit numbers,
    /// serials, device ids and profiles, and the site's id and name, also as they would appear
    /// percent-encoded in an NGSI-LD id or turned into a data package name.
    var secrets: [String] {
        let siteForms = [site.id, site.name].flatMap { text in
            [
                text, text.addingPercentEncoding(withAllowedCharacters: Self.urnUnreserved) ?? text,
                text.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined(),
            ]
        }
        return Self.unitIds + Self.serials + Self.devices.map(\.id) + Self.devices.map(\.profile)
            + ["SNQX9000", Self.heatPumpId, "SNQX9100"] + siteForms
    }

    private static let urnUnreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    let site: SiteRecord

    init(seed: UInt64, site: SiteRecord = SeededVillage.site) async throws {
        self.site = site
        directory = try TestFiles.temporaryDirectory()
        databasePath = directory.appendingPathComponent("village.sqlite").path
        store = try VillageStore(path: databasePath)
        try await store.register(site: site, households: Self.unitIds.map(HouseholdRecord.init), devices: Self.devices)

        var random = SeededGenerator(seed: seed)
        var intervals: [IntervalEnergy] = []
        let slots = Int(Self.days * 96)
        let owners: [(IntervalOwner, [MeteringChannel])] =
            Self.unitIds.map { (.household($0), Self.householdChannels) } + [(.plant("ess-SNQX9000"), [.essCharge])]
        for (owner, channels) in owners {
            for channel in channels {
                for slot in 0..<slots {
                    // About 1 in 12 intervals is absent from the store (a gap the aggregate must count as missing).
                    if random.next(below: 12) == 0 { continue }
                    let quality: IntervalQuality =
                        switch random.next(below: 10) {
                        case 0: .missing(gapSeconds: Int64(3_600 + random.next(below: 7_200)))
                        case 1, 2: .estimated(gapSeconds: Int64(150 + random.next(below: 3_000)))
                        default: .measured
                        }
                    intervals.append(
                        IntervalEnergy(
                            owner: owner, channel: channel, start: Self.start + Int64(slot) * 900,
                            value: Int64(random.next(below: 2_500)), quality: quality))
                }
            }
        }
        self.intervals = intervals
        _ = try await store.upsert(intervals: intervals)

        var readings: [RawReading] = []
        for (index, device) in Self.devices.prefix(3).enumerated() {
            var counter = Int64(10_000 * (index + 1))
            for step in 0..<200 {
                counter += Int64(random.next(below: 50))
                let time = Self.start + Int64(step) * 600
                readings.append(
                    RawReading(deviceId: device.id, channel: .energyImport, timestamp: time, value: .integer(counter)))
                readings.append(
                    RawReading(
                        deviceId: device.id, channel: "power.active", timestamp: time,
                        value: .real(Double(random.next(below: 9_000)) / 1_000),
                        quality: step % 37 == 0 ? .uncertain : .good))
            }
        }
        readings.append(
            RawReading(
                deviceId: "ess-SNQX9000", channel: .essStateOfCharge, timestamp: Self.start + 60,
                value: .integer(200_000)))
        self.readings = readings
        _ = try await store.record(readings: readings)

        var events: [DeviceEvent] = []
        for (index, device) in Self.devices.enumerated() {
            events.append(
                DeviceEvent(
                    deviceId: device.id, timestamp: Self.start + Int64(index) * 7_200 + 5, kind: .offline,
                    detail: "no answer from \(device.id) (unit \(device.householdId ?? "plant"))"))
            events.append(
                DeviceEvent(deviceId: device.id, timestamp: Self.start + Int64(index) * 7_200 + 905, kind: .online))
            events.append(
                DeviceEvent(
                    deviceId: device.id, timestamp: Self.start + 86_400 + Int64(index) * 60, kind: .counterReset,
                    channel: .energyImport,
                    detail: "meter \(device.profile) replaced, counter went back to 0, \"quoted\", comma"))
        }
        for event in events { _ = try await store.record(event: event) }
        self.events = events
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A fresh output directory path that does not exist yet.
    func outputPath(_ name: String = UUID().uuidString) -> String {
        directory.appendingPathComponent("out-\(name)").path
    }

    /// A key file with `bytes` seeded bytes.
    func keyFile(seed: UInt8, bytes: Int = 32) throws -> String {
        let path = directory.appendingPathComponent("key-\(seed)-\(bytes)").path
        try Data((0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }).write(
            to: URL(fileURLWithPath: path))
        return path
    }

    func request(
        what: [ExportTable], from: Int64 = SeededVillage.start, to: Int64 = SeededVillage.end,
        resolution: ExportResolution = .raw, format: ExportFormat = .csv, out: String? = nil
    ) -> ExportRequest {
        ExportRequest(
            databasePath: databasePath, from: .absolute(from), to: .absolute(to), tables: what,
            resolution: resolution, format: format, outputDirectory: out ?? outputPath())
    }

    /// The stored intervals in `[from, to)`.
    func intervals(from: Int64 = SeededVillage.start, to: Int64 = SeededVillage.end) -> [IntervalEnergy] {
        intervals.filter { $0.start >= from && $0.start < to }
    }
}

extension SeededGenerator {
    /// A value in 0..<bound by plain modulo, not `next(upperBound:)`: the seeded villages were drawn
    /// this way, and another reduction would fill the store with other data.
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
