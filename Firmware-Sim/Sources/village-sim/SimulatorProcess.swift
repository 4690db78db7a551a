import DeviceProfiles
import FirmwareSim
import Foundation
import Site

/// The long-running simulator: every device served over Modbus TCP, physics driven by the chosen
/// time mode, ground truth to a file, and (in step mode) a tiny command language on standard input.
struct SimulatorProcess {
    let site: Site
    let start: Int64
    let mode: TimeMode
    let profiles: ProfileLibrary
    let truthPath: String?
    let faultsPath: String?
    let json: Bool
    /// Wall time the timeline ran before this process started (see `--anchor`).
    var alreadyElapsed: Duration = .zero

    func run() async throws {
        let faults = try faultsPath.map { path throws(FaultPlanError) in try FaultPlan.load(path: path, site: site) }
        let village = try SimulatedVillage(
            site: site, start: start, profiles: profiles, faults: faults, truthSink: try makeSink())
        do {
            try village.start()
        } catch {
            var message = error.description
            if error.portInUse {
                message +=
                    " (another village-sim or program is listening there; stop it or change the port in the site file)"
            }
            throw ValidationErrorMessage(message)
        }
        defer { village.stop() }
        printEndpoints(village)
        switch mode {
        case .step:
            try await StepConsole(village: village, json: json).run()
        case .realTime, .accelerated:
            try await withTaskCancellationHandlerOnSignals {
                try await village.run(mode: mode, clock: ContinuousClock(), alreadyElapsed: alreadyElapsed)
            }
        }
    }

    private func makeSink() throws -> sending (any GroundTruthSink)? {
        guard let truthPath else { return nil }
        return try JSONLinesTruthWriter(path: truthPath)
    }

    private func printEndpoints(_ village: SimulatedVillage) {
        let endpoints = village.endpoints
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = (try? encoder.encode(endpoints)) ?? Data()
            print(#"{"event":"serving","mode":"\#(mode)","endpoints":\#(String(decoding: data, as: UTF8.self))}"#)
        } else {
            print(
                "village-sim: \(site.name), \(site.households.count) households, \(site.devices.count) devices, \(mode)"
            )
            for endpoint in endpoints {
                let units = endpoint.units.map { "\($0.unitId)=\($0.device)" }.joined(separator: " ")
                print("serving \(endpoint.host):\(endpoint.port)  \(units)")
            }
            if !village.unservedDevices.isEmpty {
                print("not served (unknown profile): \(village.unservedDevices.joined(separator: ", "))")
            }
            print("ready")
        }
        fflush(nil)
    }
}

/// An error printed as is, without a usage message.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Write end of the pipe the signal handler pokes; a handler may only make async-signal-safe calls.
nonisolated(unsafe) private var shutdownPipeWrite: Int32 = -1

/// Runs `body` until SIGINT or SIGTERM arrives, then cancels it so the servers stop cleanly and the
/// ground truth is flushed. Installs real handlers (not `SIG_IGN` plus a dispatch source), because a
/// process started in the background inherits SIGINT as ignored and would never see it otherwise.
func withTaskCancellationHandlerOnSignals(_ body: @escaping @Sendable () async throws -> Void) async throws {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw ValidationErrorMessage("cannot create the signal pipe") }
    shutdownPipeWrite = fds[1]
    let task = Task { try await body() }
    for signalNumber in [SIGINT, SIGTERM] {
        signal(signalNumber) { _ in
            var byte: UInt8 = 1
            _ = write(shutdownPipeWrite, &byte, 1)
        }
    }
    let readEnd = fds[0]
    Thread.detachNewThread {
        var byte: UInt8 = 0
        if read(readEnd, &byte, 1) == 1 { task.cancel() }
    }
    do {
        try await task.value
    } catch is CancellationError {
    }
}

/// Reads `advance SECONDS`, `step`, `status` and `quit` from standard input.
struct StepConsole {
    let village: SimulatedVillage
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
                try village.advance(seconds: seconds)
                printStatus()
            case "step":
                try village.advance(seconds: village.host.withSimulation { $0.stepSeconds })
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
        let (now, soc, pv, grid) = village.host.withSimulation { sim in
            (
                sim.now, sim.storage.socPct,
                sim.sharedArrays.reduce(0) { $0 + $1.acPowerW } + sim.roofArrays.reduce(0) { $0 + ($1?.acPowerW ?? 0) },
                sim.grid.powerW
            )
        }
        if json {
            print(#"{"now":\#(now),"socPct":\#(String(format: "%.2f", soc)),"pvW":\#(Int(pv)),"gridW":\#(Int(grid))}"#)
        } else {
            print(
                "t=\(now) SoC \(String(format: "%.1f", soc)) % PV \(String(format: "%.1f", pv / 1000)) kW grid \(String(format: "%.1f", grid / 1000)) kW"
            )
        }
    }
}
