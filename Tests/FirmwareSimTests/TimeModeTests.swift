import FirmwareSim
import Foundation
import Logging
import ServiceLifecycle
import Site
import Testing

/// Real-time and accelerated modes follow the (injected) wall clock exactly; step mode never moves
/// time by itself.
@Suite("Time modes")
struct TimeModeTests {
    static let start = SimulatedVillageFixture.winterMidnight

    func village() throws -> SimulatedVillage {
        try SimulatedVillage(
            site: SimulatedVillageFixture.site(), start: Self.start,
            profiles: try SimulatedVillageFixture.profiles())
    }

    /// At 600x a 60 s physics step is 0.1 s of wall time: after 29 ticks 2.9 s have passed, 29 minutes
    /// of village time.
    @Test(arguments: [
        (TimeMode.accelerated(speed: 600), Int64(29 * 60)), (.realTime, 29 * 60), (.accelerated(speed: 60), 29 * 60),
    ])
    func acceleratedTimeFollowsTheClock(mode: TimeMode, expectedSeconds: Int64) async throws {
        let village = try village()
        let clock = InstantClock(sleepLimit: 30)
        do {
            try await village.run(mode: mode, clock: clock)
            Issue.record("the run loop ended without cancellation")
        } catch is CancellationError {
        }
        #expect(village.host.now - Self.start == expectedSeconds)
    }

    @Test func stepModeDoesNotMoveTimeByItself() async throws {
        let village = try village()
        try await village.run(mode: .step, clock: InstantClock(sleepLimit: 1))
        #expect(village.host.now == Self.start)
        try village.advance(seconds: 900)
        #expect(village.host.now == Self.start + 900)
    }

    @Test func serviceStopsOnGracefulShutdown() async throws {
        let village = try village()
        let service = SimulatedVillageService(
            village: village, mode: .accelerated(speed: 600), clock: ContinuousClock())
        let group = ServiceGroup(configuration: .init(services: [service], logger: .init(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while village.host.now == Self.start { try await Task.sleep(for: .milliseconds(20)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(village.host.now > Self.start)
    }
}

extension TimeMode: CustomTestStringConvertible {
    public var testDescription: String { description }
}
