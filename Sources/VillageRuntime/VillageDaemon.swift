import DispatchControl
import Logging
import Metering
import ServiceLifecycle
import UnixSignals
import VillageStore

/// `village run`: the collector, the market settlement and the dispatch controller as services of
/// one service group on one clock, until SIGINT or SIGTERM.
///
/// Shutdown runs in reverse order of start: the controller first writes the safe state (battery
/// idle, heat pumps on their own thermostats) and stops commanding, the settlement finishes the
/// interval it is writing, and the collector finishes its poll cycle's single commit.
package enum VillageDaemon {
    package static func services(
        _ platform: VillagePlatform, clock: PlatformClock, logger: Logger,
        onPoll: @escaping @Sendable (PollSummary) -> Void = { _ in }
    ) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let status = ServiceStatusRecorder(store: platform.store)
        let now: @Sendable () -> Int64 = { clock.unixSeconds }
        // Look often enough to poll on time, but not more than about fifty times a wall second.
        let tick = Duration.seconds(max(1, clock.speed / 50))
        let collector = CollectorService(collector: platform.collector, clock: clock, tick: tick, now: now) {
            onPoll($0)
            await status.record($0)
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: collector)]
        services.append(
            .init(
                service: SettlementService(
                    catchUp: platform.settlement, clock: clock, tick: tick,
                    settleDelaySeconds: platform.configuration.settleDelaySeconds,
                    logger: logger, now: now)))
        if let controller = platform.controller {
            services.append(
                .init(
                    service: DispatchService(controller: controller, clock: clock, now: now) { await status.record($0) }
                ))
        }
        return services
    }

    /// Runs until SIGINT or SIGTERM; a service that fails ends the group, and its error is recorded
    /// and rethrown. `extraServices` (the HTTP server of `village run --listen`) start after the
    /// platform's and, shutdown running in reverse, stop first: no request reaches a stopped part.
    package static func run(
        _ platform: VillagePlatform, clock: PlatformClock, logger: Logger, extraServices: [any Service] = [],
        onPoll: @escaping @Sendable (PollSummary) -> Void = { _ in }
    ) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: services(platform, clock: clock, logger: logger, onPoll: onPoll)
                    + extraServices.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigint, .sigterm],
                cancellationSignals: [], logger: logger))
        do {
            try await group.run()
        } catch {
            try? await platform.store.recordServiceFailure("daemon", at: clock.unixSeconds, error: "\(error)")
            throw error
        }
    }
}
