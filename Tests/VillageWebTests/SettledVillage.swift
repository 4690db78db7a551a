import Foundation
import MarketStore
import Tariffs
import TestKit
import VillageStore

/// A village database with metered intervals settled into the ledger: 101 sells, 102 and 103 buy,
/// over one December and two January days (eight quarter hours each); 104 has no data.
struct SettledVillage {
    let directory: URL
    let path: String

    /// 2026-01-01 00:00 Asia/Seoul, in UTC Unix seconds.
    static let januaryFirst: Int64 = 1_767_193_200
    static let days: [Int64] = [januaryFirst - 20 * 86_400, januaryFirst + 9 * 86_400, januaryFirst + 10 * 86_400]
    static let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)

    static func make() async throws -> SettledVillage {
        let directory = try TestFiles.temporaryDirectory()
        let store = try VillageStore(path: directory.appendingPathComponent("village.sqlite").path)
        let ids = ["101", "102", "103", "104"]
        try await store.register(
            site: SiteRecord(id: "eco-delta", name: "Eco Delta"), households: ids.map(HouseholdRecord.init),
            devices: ids.map {
                DeviceRecord(id: "\($0)-elec", householdId: $0, kind: "electricity-meter", profile: "generic")
            })
        var intervals: [IntervalEnergy] = []
        for day in days {
            for slot in 0..<8 {
                let start = day + Int64(slot) * 900
                let nets: [(String, Int64)] = [
                    ("101", slot == 0 ? 40 : Int64(300 + 7 * slot)), ("102", -Int64(200 + slot)),
                    ("103", -Int64(90 + 3 * slot)),
                ]
                for (id, net) in nets {
                    let pv: Int64 = id == "101" ? net + 100 : 0
                    intervals += [
                        IntervalEnergy(
                            owner: .household(id), channel: .energyImport, start: start, value: max(-net, 0),
                            quality: .measured),
                        IntervalEnergy(
                            owner: .household(id), channel: .energyExport, start: start, value: max(net, 0),
                            quality: .measured),
                        IntervalEnergy(
                            owner: .household(id), channel: .pvGeneration, start: start, value: pv, quality: .measured),
                    ]
                }
            }
        }
        _ = try await store.upsert(intervals: intervals)
        let settings = MarketSettings(
            importTariff: try tariffs.tariff(named: "kepco-residential-low-voltage"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
        let settlement = MeteredSettlement(store: store, ledger: SQLiteLedgerStore(store: store), settings: settings)
        for day in days { _ = try await settlement.settle(from: day, to: day + 8 * 900) }
        return SettledVillage(directory: directory, path: store.path)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// `village` run to the end: exit status and standard output.
func runVillage(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try BuiltExecutable.path("village"))
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The text of every element carrying `attribute="key"` in `html`, by key.
func attributeTexts(_ attribute: String, in html: String) -> [String: String] {
    let pattern = try! NSRegularExpression(pattern: "\(attribute)=\"([^\"]+)\"[^>]*>([^<]*)<")
    var result: [String: String] = [:]
    for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
        guard let key = Range(match.range(at: 1), in: html), let text = Range(match.range(at: 2), in: html) else {
            continue
        }
        result[String(html[key])] = String(html[text])
    }
    return result
}
