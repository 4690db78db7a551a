import Synchronization

/// One cycle's reads under way: per-connection outcomes set by the threads that read them, handed
/// to the one task that awaits them when the last part is done.
final class CycleReads: Sendable {
    private struct State {
        var slots: [[CollectorConnection.Outcome]]
        var partsLeft = 0
        var waiter: CheckedContinuation<[[CollectorConnection.Outcome]], Never>?
    }

    private let state: Mutex<State>

    init(count: Int) { state = Mutex(State(slots: Array(repeating: [], count: count))) }

    /// Sets how many parts (``set(_:_:)`` or ``partDone()`` calls) finish the cycle; called once,
    /// before any part can finish.
    func expect(parts: Int) { state.withLock { $0.partsLeft = parts } }

    /// One connection's outcomes: one part done.
    func set(_ index: Int, _ outcomes: [CollectorConnection.Outcome]) {
        finishPart { $0.slots[index] = outcomes }
    }

    /// A part with no outcomes of its own done.
    func partDone() { finishPart { _ in } }

    /// Every connection's outcomes, once every part is done.
    var outcomes: [[CollectorConnection.Outcome]] {
        get async {
            await withCheckedContinuation { continuation in
                let ready: [[CollectorConnection.Outcome]]? = state.withLock { state in
                    guard state.partsLeft > 0 else { return state.slots }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    private func finishPart(_ update: (inout State) -> Void) {
        let handOver: (CheckedContinuation<[[CollectorConnection.Outcome]], Never>, [[CollectorConnection.Outcome]])? =
            state.withLock { state in
                update(&state)
                state.partsLeft -= 1
                guard state.partsLeft == 0, let waiter = state.waiter else { return nil }
                state.waiter = nil
                return (waiter, state.slots)
            }
        if let (waiter, slots) = handOver { waiter.resume(returning: slots) }
    }
}
