import ServiceLifecycle

/// The simulated village as a `Service`: serves its devices and drives time from the injected clock
/// until graceful shutdown, then stops the servers and flushes the ground truth. In step mode it only
/// serves; whoever owns the village moves time.
package struct SimulatedVillageService<C: Clock>: Service where C.Duration == Duration {
    package let village: SimulatedVillage
    package let mode: TimeMode
    package let clock: C

    package init(village: SimulatedVillage, mode: TimeMode, clock: C) {
        self.village = village
        self.mode = mode
        self.clock = clock
    }

    package func run() async throws {
        try village.start()
        defer { village.stop() }
        if mode.speed == nil {
            try? await gracefulShutdown()
            return
        }
        // The run ends by itself on graceful shutdown, between two physics steps.
        do {
            try await village.run(mode: mode, clock: clock)
        } catch is CancellationError {
        }
    }
}
