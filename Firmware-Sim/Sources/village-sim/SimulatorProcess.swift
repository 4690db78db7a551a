import FirmwareSim
import Foundation
import Site

/// The long-running simulator: physics driven by the chosen time mode, ground truth to a file, and
/// (in step mode) a tiny command language on standard input so scripts can move time.
struct SimulatorProcess {
    let site: Site
    let start: Int64
    let mode: TimeMode
    let truthPath: String?
    let faultsPath: String?
    let json: Bool

    private func makeSimulation() throws -> sending VillageSimulation {
        let simulation = try VillageSimulation(site: site, start: start)
        simulation.truthSink = try truthPath.map { try JSONLinesTruthWriter(path: $0) }
        return simulation
    }

    func run() async throws {
        let host = SimulationHost(try makeSimulation())
        print("village-sim: \(site.name), \(site.households.count) households, \(site.devices.count) devices, \(mode)")
        fflush(nil)
        defer { try? host.withSimulation { sim in try sim.truthSink?.flush() } }
        switch mode {
        case .step:
            try await StepConsole(host: host, json: json).run()
        case .realTime, .accelerated:
            try await host.run(mode: mode, clock: ContinuousClock())
        }
    }
}

/// Reads `advance SECONDS`, `step`, `status` and `quit` from standard input.
struct StepConsole {
    let host: SimulationHost
    let json: Bool

    func run() async throws {
        while let line = readLine() {
            let words = line.split(separator: " ").map(String.init)
            guard let verb = words.first else { continue }
            switch verb {
            case "advance":
                guard words.count == 2, let seconds = Int64(words[1]), seconds >= 0 else {
                    print("error: usage: advance SECONDS")
                    continue
                }
                try host.advance(seconds: seconds)
                printStatus()
            case "step":
                try host.withSimulation { try $0.step() }
                printStatus()
            case "status":
                printStatus()
            case "quit", "exit":
                return
            default:
                print("error: unknown command '\(verb)' (advance SECONDS | step | status | quit)")
            }
            fflush(nil)
        }
    }

    private func printStatus() {
        let (now, soc, pv, grid) = host.withSimulation { sim in
            (sim.now, sim.storage.socPct,
             sim.sharedArrays.reduce(0) { $0 + $1.acPowerW } + sim.roofArrays.reduce(0) { $0 + ($1?.acPowerW ?? 0) },
             sim.grid.powerW)
        }
        if json {
            print(#"{"now":\#(now),"socPct":\#(String(format: "%.2f", soc)),"pvW":\#(Int(pv)),"gridW":\#(Int(grid))}"#)
        } else {
            print("t=\(now) SoC \(String(format: "%.1f", soc)) % PV \(String(format: "%.1f", pv / 1000)) kW grid \(String(format: "%.1f", grid / 1000)) kW")
        }
    }
}
