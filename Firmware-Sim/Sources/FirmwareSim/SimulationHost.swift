import Synchronization

/// Shares one `VillageSimulation` between the time driver and the Modbus server threads. Every
/// access goes through a mutex, so a register read never sees a half-finished step.
public final class SimulationHost: Sendable {
    private let simulation: Mutex<VillageSimulation>

    public init(_ simulation: sending VillageSimulation) {
        self.simulation = Mutex(simulation)
    }

    /// Runs `body` with exclusive access to the simulation.
    public func withSimulation<Result: Sendable, Failure: Error>(
        _ body: (VillageSimulation) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try simulation.withLock { (sim: inout VillageSimulation) throws(Failure) -> Result in
            try body(sim)
        }
    }

    /// Simulated time now, UTC Unix seconds.
    public var now: Int64 { withSimulation { $0.now } }

    /// Advances simulated time by `seconds` (rounded down to whole physics steps).
    public func advance(seconds: Int64) throws {
        try withSimulation { sim in try sim.advance(seconds: seconds) }
    }

    /// Drives the simulation from a clock until the task is cancelled. In step mode it returns at
    /// once: the owner advances time itself.
    public func run<C: Clock>(mode: TimeMode, clock: C) async throws where C.Duration == Duration {
        guard let speed = mode.speed, speed > 0 else { return }
        let startInstant = clock.now
        let (startSimulated, stepSeconds) = withSimulation { ($0.now, $0.stepSeconds) }
        let wallPerStep = Duration.seconds(Double(stepSeconds) / speed)
        var steps: Int64 = 0
        while !Task.isCancelled {
            let elapsed = startInstant.duration(to: clock.now)
            let targetSimulated = startSimulated + Int64(elapsed.secondsDouble * speed)
            try withSimulation { sim in try sim.run(until: targetSimulated) }
            steps += 1
            try await clock.sleep(until: startInstant.advanced(by: wallPerStep * Double(steps)), tolerance: nil)
        }
    }
}

extension Duration {
    var secondsDouble: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
