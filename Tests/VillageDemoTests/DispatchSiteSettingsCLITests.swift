import Foundation
import TestKit
import Testing

/// The site file's `dispatch:` section reaches the commands: `village demo` dispatches with its
/// strategy, `village dispatch plan` plans with its strategy and horizon (and charts every step of
/// it with `--svg`), and flags override it.
struct DispatchSiteSettingsCLITests {
    /// Runs `village` to the end with its output in a file: a plan's JSON is larger than a pipe holds.
    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let log = directory.appendingPathComponent("output-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: log) }
        let peer = try PeerProcess(try BuiltExecutable.path("village"), arguments, log: log)
        peer.process.waitUntilExit()
        return (peer.process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
    }

    @Test func demoAndPlanFollowTheSiteFileAndFlagsOverride() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = TestFiles.repository
        let reference = try String(
            contentsOf: repository.appendingPathComponent("Firmware-Sim/sites/default.yaml"), encoding: .utf8)
        let site = directory.appendingPathComponent("site.yaml").path
        try (reference + "dispatch:\n  strategy: \"tou-rules\"\n  horizonHours: 36\n").write(
            toFile: site, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("village.sqlite").path
        let common = [
            "--site", site, "--meters", repository.appendingPathComponent("Meters").path,
            "--tariffs-dir", repository.appendingPathComponent("Tariffs").path,
        ]

        let demo = try Self.run(["demo", "--hours", "1", "--db", database, "--json"] + common, in: directory)
        #expect(demo.status == 0, "\(demo.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(demo.output.utf8)) as? [String: Any])
        #expect((report["dispatch"] as? [String: Any])?["strategy"] as? String == "tou-rules")
        let start = try #require(report["start"] as? Int)

        let at = String(start + 3600)
        let chart = directory.appendingPathComponent("plan.svg").path
        let plan = try Self.run(
            ["dispatch", "plan", "--db", database, "--at", at, "--json", "--svg", chart] + common, in: directory)
        #expect(plan.status == 0, "\(plan.output)")
        let planned = try #require(try JSONSerialization.jsonObject(with: Data(plan.output.utf8)) as? [String: Any])
        let steps = try #require((planned["plan"] as? [String: Any])?["steps"] as? [Any])
        #expect((planned["plan"] as? [String: Any])?["strategy"] as? String == "tou-rules")
        #expect(steps.count == 36 * 4)
        let svg = try String(contentsOfFile: chart, encoding: .utf8)
        let soc = try #require(svg.split(separator: "\n").first { $0.contains("data-series=\"SoC\"") })
        let points = try #require(soc.split(separator: "points=\"").last?.split(separator: "\"").first)
        #expect(points.split(separator: " ").count == 36 * 4)
        #expect(try !FileManager.default.subpathsOfDirectory(atPath: directory.path).contains { $0.hasSuffix(".tmp") })

        let overridden = try Self.run(
            [
                "dispatch", "plan", "--db", database, "--at", at, "--json", "--strategy", "optimal", "--horizon-hours",
                "24",
            ] + common, in: directory)
        #expect(overridden.status == 0, "\(overridden.output)")
        let again = try #require(try JSONSerialization.jsonObject(with: Data(overridden.output.utf8)) as? [String: Any])
        #expect((again["plan"] as? [String: Any])?["strategy"] as? String == "optimal")
        #expect(((again["plan"] as? [String: Any])?["steps"] as? [Any])?.count == 96)
    }
}
