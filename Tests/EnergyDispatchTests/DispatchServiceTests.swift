import DispatchControl
import EnergyDispatch
import FirmwareSim
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

/// A clock whose sleeping moves the simulated village forward: the service runs in lock step with
/// the simulator, with no wall-clock waiting.
struct VillageClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    let village: SimulatedVillage
    let origin: Int64
    /// Called after each move with the simulated time.
    let onAdvance: @Sendable (Int64) -> Void

    var now: Instant { Instant(offset: .seconds(village.host.now - origin)) }
    var minimumResolution: Duration { .seconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        let target = origin + deadline.offset.components.seconds
        let current = village.host.now
        if target > current { try village.advance(seconds: target - current) }
        onAdvance(village.host.now)
        await Task.yield()
    }
}

@Suite(.serialized) struct DispatchServiceTests {
    /// The service steps at every interval boundary of its clock and, on graceful shutdown, leaves
    /// the battery idle and the heat pumps on their own controller.
    @Test func serviceStepsEachIntervalAndWritesTheSafeStateOnShutdown() async throws {
        let forecasts = GivenForecasts()
        forecasts.set(pvWh: 10_000, loadWh: 50_000)
        let fixture = try ControllerFixture(strategy: .selfConsumption, forecasts: forecasts)
        defer { fixture.village.stop() }
        let origin = fixture.now
        let receipts = Mutex<[Int64]>([])
        try await testGracefulShutdown { trigger in
            let clock = VillageClock(village: fixture.village, origin: origin) { now in
                let setpoint = fixture.village.host.withSimulation { $0.storage.setpoint?.receivedAt }
                if let setpoint { receipts.withLock { if $0.last != setpoint { $0.append(setpoint) } } }
                if now >= origin + 4 * 900 { trigger.triggerGracefulShutdown() }
            }
            let service = DispatchService(controller: fixture.controller, clock: clock) { fixture.village.host.now }
            try await service.run()
        }
        // One write per interval boundary: 12:00, 12:15, 12:30, 12:45 (and 13:00 if reached before shutdown).
        let times = receipts.withLock { $0 }
        #expect(times.count >= 4)
        #expect(times.allSatisfy { $0 % 900 == 0 })
        #expect(Array(times.prefix(4)) == [origin, origin + 900, origin + 1800, origin + 2700])
        // The safe state: battery idle now, heat pumps released.
        try fixture.village.advance(seconds: 60)
        #expect(fixture.batteryPowerW == 0)
        #expect(!fixture.village.host.withSimulation { $0.heatPumps.contains { $0.command != nil } })
    }
}
