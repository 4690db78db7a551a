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
}

extension Duration {
    var secondsDouble: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
