import Foundation
import VillageStore

extension IntervalAccumulator {
    /// This accumulator counting in a narrower register of the same scale, or nil when a count it
    /// holds does not fit it.
    ///
    /// The state is in register counts either way, so only the width changes: this lets a checkpoint
    /// saved while every register was counted in 64 bits go on in the register's own width.
    func narrowed(toRegisterBits bits: Int) -> IntervalAccumulator? {
        var configuration = self.configuration
        configuration.registerBits = bits
        guard bits < self.configuration.registerBits,
            var narrowed = try? IntervalAccumulator(configuration: configuration)
        else {
            return nil
        }
        let mask = configuration.registerMask
        guard (state.last?.count ?? 0) <= mask, (state.candidate?.count ?? 0) <= mask else { return nil }
        narrowed.state = state
        narrowed.state.registerBits = bits
        return narrowed
    }

    /// The width and scale of the state a checkpoint holds, nil if it cannot be read (restoring
    /// it then says why).
    static func savedShape(of checkpoint: CounterCheckpoint) -> (registerBits: Int, unitsPerCount: CounterScale)? {
        guard let state = try? AccumulatorState.decode(checkpoint.state) else { return nil }
        return (state.registerBits, state.unitsPerCount)
    }
}
