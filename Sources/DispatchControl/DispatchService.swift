import ServiceLifecycle
import VillageCore

/// The controller as a long-running service: one control step at every interval boundary of the
/// injected clock's time (`now`), until graceful shutdown; then the safe state is written, so the
/// battery idles and the heat pumps return to their thermostats at once rather than at the timeout.
public struct DispatchService<C: Clock>: Service where C.Duration == Duration {
    public let controller: DispatchController
    public let clock: C
    public let now: @Sendable () -> Int64
    public let stepSeconds: Int64
    /// Told about every control step (for the platform's status table).
    public let onStep: @Sendable (DispatchStepReport) async -> Void

    public init(controller: DispatchController, clock: C, stepSeconds: Int64 = TimeGrid.quarterHourSeconds, now: @escaping @Sendable () -> Int64,
                onStep: @escaping @Sendable (DispatchStepReport) async -> Void = { _ in }) {
        self.controller = controller
        self.clock = clock
        self.stepSeconds = stepSeconds
        self.now = now
        self.onStep = onStep
    }

    public func run() async throws {
        // Shutdown cancels the loop, usually in its sleep: that is the normal end, and the safe state
        // must be written whatever ended it.
        do {
            try await cancelWhenGracefulShutdown { try await loop() }
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
        var next = now() / stepSeconds * stepSeconds
        while !Task.isCancelled {
            let current = now()
            if current >= next {
                await onStep(await controller.step(at: next))
                next = (current / stepSeconds + 1) * stepSeconds
            }
            try await clock.sleep(for: .seconds(max(1, next - now())))
        }
    }
}
