import EnergyDispatch
import VillageStore

/// What one control step did: the state it read, the plan's first step, what it wrote and whether
/// the devices confirmed it. A failure leaves the devices in the safe state and says why.
public struct DispatchStepReport: Sendable, Codable {
    public var at: Int64
    public var measured: MeasuredPlant
    public var strategy: StrategyName
    /// The plan's first step, when planning succeeded.
    public var planStep: PlanStep?
    /// Expected import cost − export revenue over the whole plan, won.
    public var planCostWon: Double?
    public var setpoints: DeviceSetpoints
    public var storage: StorageCommand
    public var heatPumps: [HeatPumpSetpoint]
    /// Every register value written, with the plan's value where the clamp changed it.
    public var commands: [DispatchCommandRecord]
    /// True when reading back showed every written control in force.
    public var verified: Bool
    /// Why the safe state was written instead of the plan (store, solver or device failure).
    public var failure: String?
}
