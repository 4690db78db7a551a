import DispatchControl
import VillageStore

extension DemoReport.Dispatch {
    /// Counts one control step of the controller.
    mutating func add(_ step: DispatchStepReport) {
        controlSteps += 1
        if let failure = step.failure {
            failedSteps += 1
            firstFailure = firstFailure ?? "\(step.at): \(failure)"
        }
        if !step.verified { unverifiedSteps += 1 }
        commandsWritten += step.commands.count
        commandsClamped += step.commands.filter { $0.clampedFrom != nil }.count
    }
}
