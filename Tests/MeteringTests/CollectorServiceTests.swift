import DeviceProfiles
import FirmwareSim
import Foundation
import Metering
import ServiceLifecycle
import ServiceLifecycleTestKit
import Site
import Synchronization
import TestKit
import Testing
import VillageStore

/// The collector service commits each cycle while the next one reads, and tells of a cycle only
/// once its commit has landed.
@Suite(.serialized) struct CollectorServiceTests {
    /// A clock whose sleeping moves the simulated village: the service runs in lock step with it.
    struct VillageClock: Clock {
        struct Instant: InstantProtocol {
            var offset: Duration
            func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
            func duration(to other: Instant) -> Duration { other.offset - offset }
            static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        }

        let village: SimulatedVillage
        let origin: Int64

        var now: Instant { Instant(offset: .seconds(village.host.now - origin)) }
        var minimumResolution: Duration { .seconds(1) }

        func sleep(until deadline: Instant, tolerance: Duration?) async throws {
            try Task.checkCancellation()
            let target = origin + deadline.offset.components.seconds
            let current = village.host.now
            if target > current { try village.advance(seconds: target - current) }
            await Task.yield()
        }
    }

    /// 2024-06-10 07:00 in Seoul.
    static let start: Int64 = 1_717_970_400

    @Test func everyCycleToldIsAlreadyInTheDatabaseAndNoneIsLostAtShutdown() async throws {
        let profiles = try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters"))
        let village = try SimulatedVillage.startedOnFreePorts(.default) {
            try SimulatedVillage(site: $0, start: Self.start, profiles: profiles)
        }
        defer { village.stop() }
        let site = village.site
        let directory = try TestFiles.temporaryDirectory()
        let store = try VillageStore(path: directory.appendingPathComponent("village.sqlite").path)
        let collector = try MeteringCollector(site: site, profiles: profiles, store: store)
        // Each cycle told, with the latest poll the database held at the moment it was told.
        let told = Mutex<[(polled: Int64, committed: Int64?)]>([])
        try await testGracefulShutdown { trigger in
            let service = CollectorService(
                collector: collector, clock: VillageClock(village: village, origin: Self.start), tick: .seconds(60),
                now: { village.host.now }
            ) { summary in
                let committed = try? await store.lastPollTimestamp()
                let count = told.withLock {
                    $0.append((summary.timestamp, committed))
                    return $0.count
                }
                if count == 20 { trigger.triggerGracefulShutdown() }
            }
            try await service.run()
        }
        let cycles = told.withLock { $0 }
        #expect(cycles.count >= 20)
        for cycle in cycles {
            let committed = try #require(cycle.committed, "cycle \(cycle.polled) told before anything was committed")
            #expect(committed >= cycle.polled, "cycle \(cycle.polled) told while the database held \(committed)")
        }
        #expect(cycles.map(\.polled) == cycles.map(\.polled).sorted())
        // The last cycle, polled before the shutdown, was committed and told too.
        #expect(try await store.lastPollTimestamp() == cycles.last?.polled)
    }
}
