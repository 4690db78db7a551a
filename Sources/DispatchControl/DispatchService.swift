import ServiceLifecycle
import ServiceSupport
import VillageCore

/// The controller as a long-running service: one control step at every interval boundary of the
/// injected clock's time (`now`), until graceful shutdown; then the safe state is written, so the
/// battery idles and the heat pumps return to their thermostats at once rather than at the timeout.
package struct DispatchService<C: Clock>: Service where C.Duration == Duration {
    package let controller: DispatchController
    package let clock: C
    package let now: @Sendable () -> Int64
    package let stepSeconds: Int64
    /// Told about every control step (for the platform's status table).
    package let onStep: @Sendable (DispatchStepReport) async -> Void

    package init(
        controller: DispatchController, clock: C, stepSeconds: Int64 = TimeGrid.quarterHourSeconds,
        now: @escaping @Sendable () -> Int64,
        onStep: @escaping @Sendable (DispatchStepReport) async -> Void = { _ in }
    ) {
        self.controller = controller
        self.clock = clock
        self.stepSeconds = stepSeconds
        self.now = now
        self.onStep = onStep
    }

    package func run() async throws {
        // Graceful shutdown ends the loop between two steps (a step in progress finishes its writes);
        // cancellation ends it too, usually in that wait. The safe state must be written whatever
        // ended it.
        do {
            try await loop()
        } catch is CancellationError {
        } catch {
            await controller.writeSafeState(at: now())
            await controller.close()
            throw error
        }
        await controller.writeSafeState(at: now())
        await controller.close()
    }

    private func loop() async throws {
        // The ticks fall on the interval boundaries of `now`'s timeline, the first on the boundary
        // that began the current interval, so that interval is controlled at once. Each step is for
        // its tick's boundary, not for the time read on waking: a clock that wakes a hair early must
        // not skip an interval, and boundaries missed during a long step are not made up late.
        let current = now()
        let first = current / stepSeconds * stepSeconds
        let origin = clock.now.advanced(by: .seconds(first - current))
        try await forEachTick(every: .seconds(stepSeconds), from: origin, clock: clock) { tick in
            await controller.adoptSettingsOverride()
            await onStep(await controller.step(at: first + origin.duration(to: tick).components.seconds))
        }
    }
}
