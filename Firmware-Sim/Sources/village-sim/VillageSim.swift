import ArgumentParser
import DeviceProfiles
import FirmwareSim
import Foundation
import Site

/// `village-sim`: the simulated village as a process. Loads a site, runs its physics in real,
/// accelerated or step time, and writes the ground truth.
@main
struct VillageSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "village-sim",
        abstract: "Simulated smart village: every device's physics, served over Modbus TCP, with a ground-truth file."
    )

    @Option(name: .long, help: "Site file (YAML). Defaults to the built-in reference village.")
    var site: String?

    @Option(name: .long, help: "Simulated seconds per wall second (600 = ten minutes per second).")
    var speed: Double?

    @Flag(name: .long, help: "Step mode: time advances only on 'step N' lines read from standard input.")
    var step = false

    @Option(name: .long, help: "Faults file (YAML) with per-device faults.")
    var faults: String?

    @Option(
        name: .long, help: "Write the ground truth (JSON Lines, one object per device and 15-minute interval) here.")
    var truth: String?

    @Option(name: .long, help: "Directory of device profiles (default: $VILLAGE_METERS, else ./Meters).")
    var meters: String?

    @Option(name: .long, help: "Simulated start, UTC Unix seconds (default: 2025-01-01 00:00 local time of the site).")
    var start: Int64?

    @Option(
        name: .long,
        help:
            "Wall-clock Unix time at which simulated time stood at --start (default: now). Give `village run` the same --start, --speed and --anchor and both keep one timeline, across restarts of either."
    )
    var anchor: Double?

    @Flag(
        name: .long,
        help: "Run one simulated year as fast as possible without Modbus, then print the summary and the run time.")
    var benchmarkYear = false

    @Option(name: .long, help: "Write the built-in reference site as YAML to this path and exit.")
    var writeDefaultSite: String?

    @Flag(name: .long, help: "Print results as JSON.")
    var json = false

    func validate() throws {
        if let speed, speed <= 0 || !speed.isFinite {
            throw ValidationError("--speed must be a positive number, got \(speed)")
        }
        if speed != nil && step {
            throw ValidationError("--speed and --step exclude each other")
        }
        if anchor != nil && step {
            throw ValidationError("--anchor sets where a running clock stands; step mode has none")
        }
    }

    var timeMode: TimeMode {
        if step { return .step }
        if let speed { return speed == 1 ? .realTime : .accelerated(speed: speed) }
        return .realTime
    }

    func run() async throws {
        if let writeDefaultSite {
            try Site.default.yamlText().write(toFile: writeDefaultSite, atomically: true, encoding: .utf8)
            print("wrote \(writeDefaultSite)")
            return
        }
        if benchmarkYear {
            // Physics only: no device is served, so no profile is needed.
            let site = try site.map { path throws(SiteError) in try Site.load(path: path) } ?? Site.default
            try BenchmarkYear(site: site, start: start ?? Self.defaultStart(site), truthPath: truth, json: json).run()
            return
        }
        let metersDirectory = meters.map { URL(fileURLWithPath: $0) } ?? ProfileLibrary.defaultDirectory
        let profiles: ProfileLibrary
        do {
            profiles = try ProfileLibrary(directory: metersDirectory)
        } catch {
            throw ValidationErrorMessage("cannot load device profiles from \(metersDirectory.path): \(error)")
        }
        // A device whose profile Meters/ lacks cannot be served: refused at its line in the file.
        let knownProfiles = Set(profiles.profiles.keys)
        let site =
            try site.map { path throws(SiteError) in try Site.load(path: path, knownProfiles: knownProfiles) }
            ?? Site.default
        let start = start ?? Self.defaultStart(site)
        // Time already run on the anchored timeline: the physics catch up to it before serving.
        let elapsed = anchor.map { max(0, Date().timeIntervalSince1970 - $0) } ?? 0
        try await SimulatorProcess(
            site: site, start: start, mode: timeMode, profiles: profiles, truthPath: truth,
            faultsPath: faults, json: json, alreadyElapsed: .seconds(elapsed)
        ).run()
    }

    /// 2025-01-01 00:00 in the site's time zone.
    static func defaultStart(_ site: Site) -> Int64 {
        let offset =
            TimeZone(identifier: site.timeZone)?.secondsFromGMT(for: Date(timeIntervalSince1970: 1_735_689_600)) ?? 0
        return 1_735_689_600 - Int64(offset)
    }
}
