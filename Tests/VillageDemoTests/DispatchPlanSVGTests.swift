import Foundation
import TestKit
import Testing

/// `village dispatch plan --svg FILE` refuses a path it cannot write before planning, naming the
/// flag, and leaves nothing behind.
struct DispatchPlanSVGTests {
    @Test(
        "A bad --svg path is named in the error and nothing is written",
        arguments: ["missing-directory/plan.svg", "is-a-directory"])
    func badPath(relative: String) throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("is-a-directory"), withIntermediateDirectories: false)
        let database = directory.appendingPathComponent("village.sqlite")
        try Data().write(to: database)
        let before = try FileManager.default.subpathsOfDirectory(atPath: directory.path).sorted()
        let target = directory.appendingPathComponent(relative).path
        let (status, output) = try PeerProcess.run(
            try BuiltExecutable.path("village"), ["dispatch", "plan", "--db", database.path, "--svg", target])
        #expect(status != 0)
        #expect(output.contains("--svg"), "\(output)")
        #expect(output.contains(relative.hasSuffix("plan.svg") ? "does not exist" : "is a directory"), "\(output)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: directory.path).sorted() == before)
    }
}
