import FirmwareSim
import Foundation
import Site
import VillageCore

/// One simulated year at full speed, no Modbus: the run time the README reports, and the plausibility
/// figures of the site.
struct BenchmarkYear {
    let site: Site
    let start: Int64
    let truthPath: String?
    let json: Bool

    func run() throws {
        let simulation = try VillageSimulation(site: site, start: start)
        let offset = Int64(
            TimeZone(identifier: site.timeZone)?.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(start)))
                ?? 0)
        let summary = TruthSummary(site: site, utcOffsetSeconds: offset)
        let writer = try truthPath.map { try JSONLinesTruthWriter(path: $0) }
        simulation.truthSink = TruthFanOut([summary] + (writer.map { [$0] } ?? []))
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try simulation.run(until: start + 365 * TimeGrid.daySeconds)
        }
        try writer?.flush()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        if json {
            let result: [String: Double] = [
                "elapsedSeconds": seconds,
                "yieldKWhPerKWp": summary.yieldKWhPerKWp,
                "residentialEnergyIndependencePct": summary.residentialEnergyIndependencePct,
                "pvMWh": Double(summary.totalPVWh) / 1e6,
                "householdElectricityMWh": Double(summary.householdConsumptionWh) / 1e6,
                "heatPumpElectricityMWh": Double(summary.heatPumpElectricityWh) / 1e6,
                "intervals": Double(summary.intervals),
            ]
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print("site: \(site.name), \(site.households.count) households, \(site.devices.count) devices")
            print(summary.report)
            print(String(format: "simulated year in %.2f s (%d physics steps of 60 s)", seconds, 365 * 1440))
        }
    }
}
