import Logging
import ServiceLifecycle

/// The uploader of `village run --upstream`: a service of the daemon's group that sends batches
/// while there are any, looks again every `idleInterval` when there are none, and after a failure
/// waits with capped exponential backoff and jitter.
///
/// It runs beside the collector, the settlement and the dispatch controller and none of them ever
/// waits for it or for the backend: they write the village database as they would without an
/// uplink (the outbox triggers add a row per write), and the uploader only reads it, plus one
/// short transaction per answer. Graceful shutdown cancels a request in flight; the batch stays
/// in flight in the database and is sent again on the next start.
package struct UplinkService: Service {
    package let uplink: Uplink
    package let backoff: UplinkBackoff
    package let idleInterval: Duration
    let logger: Logger

    package init(
        uplink: Uplink, backoff: UplinkBackoff = UplinkBackoff(), idleInterval: Duration = .seconds(10), logger: Logger
    ) {
        self.uplink = uplink
        self.backoff = backoff
        self.idleInterval = idleInterval
        self.logger = logger
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown { await self.loop() }
        await uplink.client.shutdown()
    }

    private func loop() async {
        var failures = 0
        var generator = SystemRandomNumberGenerator()
        while !Task.isCancelled {
            let wait: Duration
            do {
                // Enabling is a no-op after the first time; before the daemon has registered its
                // site it fails, and is tried again after the backoff.
                try await uplink.enable()
                let step = try await uplink.step()
                if failures > 0 { logger.notice("uplink: the backend answers again") }
                failures = 0
                wait = step == .idle ? idleInterval : .zero
            } catch {
                failures += 1
                wait = backoff.delay(afterFailures: failures, using: &generator)
                logger.warning("uplink: \(error); trying again in \(wait.components.seconds) s")
            }
            guard wait > .zero else { continue }
            do { try await Task.sleep(for: wait) } catch { return }
        }
    }
}
