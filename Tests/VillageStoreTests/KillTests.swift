import Foundation
import TestKit
import Testing
import VillageStore

/// A writer process killed with SIGKILL at a random moment loses no committed batch and leaves no
/// partial one.
@Suite struct KillTests {
    /// The `store-kill-writer` executable, built next to the test bundle.
    private func writerURL() throws -> URL {
        URL(fileURLWithPath: try BuiltExecutable.path("store-kill-writer"))
    }

    @Test(arguments: [7, 23, 41])
    func aKilledWriterLeavesWholeBatchesOnly(killAfter: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("village.sqlite")
        let process = Process()
        process.executableURL = try writerURL()
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()

        // Wait until it reports `killAfter` committed batches, then kill it without warning.
        var printed = ""
        var lastCommitted = -1
        while lastCommitted < killAfter {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // the writer died on its own
            printed += String(decoding: chunk, as: UTF8.self)
            lastCommitted = printed.split(separator: "\n").last.flatMap { Int($0) } ?? lastCommitted
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(lastCommitted >= killAfter)

        let store = try VillageStore(path: path)
        let readings = try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max)
        let intervals = try await store.intervals(owner: .household("101"), channel: .energyImport, from: 0, to: .max)
        let events = try await store.events(from: 0, to: .max)
        // Whole batches only, and at least every batch the writer saw committed.
        #expect(readings.count % 2000 == 0)
        #expect(readings.count / 2000 == intervals.count)
        #expect(events.count == intervals.count)
        #expect(intervals.count >= lastCommitted + 1)
        #expect(intervals.map(\.value) == (0..<Int64(intervals.count)).map { $0 })
        // And the store takes writes again.
        try await store.record(event: DeviceEvent(deviceId: "101-elec", timestamp: 0, kind: .offline))
    }
}
