import EnergyDispatch
import VillageStore

/// What one control step did: the state it read, the plan's first step, what it wrote and whether
/// the devices confirmed it. A failure leaves the devices in the safe state and says why.
package struct DispatchStepReport: Sendable, Codable {
    package var at: Int64
    package var measured: MeasuredPlant
    package var strategy: StrategyName
    /// The plan's first step, when planning succeeded.
    package var planStep: PlanStep?
    /// Expected import cost − export revenue over the whole plan, won.
    package var planCostWon: Double?
    package var setpoints: DeviceSetpoints
    package var storage: StorageCommand
    package var heatPumps: [HeatPumpSetpoint]
    /// Every register value written, with the plan's value where the clamp changed it.
    package var commands: [DispatchCommandRecord]
    /// True when reading back showed every written control in force.
    package var verified: Bool
    /// Why the safe state was written instead of the plan (store, solver or device failure).
    package var failure: String?
    /// Set when the failure is that no plan can meet the forecast (more load, heat or cooling than
    /// the plant can supply): the constraint that could not be met. The safe state is then the
    /// designed fallback, not a fault of the controller.
    package var unmeetableForecast: ConstraintFamily?
    /// Whether the grid-charging policy lets the battery charge from the grid in this interval.
    package var gridChargingAllowed = false
}
