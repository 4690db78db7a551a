import ServiceLifecycle

/// The simulated village as a `Service`: serves its devices and drives time from the injected clock
/// until graceful shutdown, then stops the servers and flushes the ground truth. In step mode it only
/// serves; whoever owns the village moves time.
public struct SimulatedVillageService<C: Clock>: Service where C.Duration == Duration {
    public let village: SimulatedVillage
    public let mode: TimeMode
    public let clock: C

    public init(village: SimulatedVillage, mode: TimeMode, clock: C) {
        self.village = village
        self.mode = mode
        self.clock = clock
    }

    public func run() async throws {
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
