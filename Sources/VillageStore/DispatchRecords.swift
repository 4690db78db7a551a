/// One step of a stored dispatch plan: what the scheduler expected the plant to do over the step
/// starting at `stepStart`, planned at `plannedAt`. Energies in whole Wh over the step; the
/// battery's stored energy at the step's end.
public struct DispatchPlanStepRecord: Sendable, Hashable, Codable {
    /// When the plan was made, UTC Unix seconds (the start of its first step).
    public var plannedAt: Int64
    /// The strategy's name (`optimal`, `tou-rules`, …).
    public var strategy: String
    /// UTC Unix seconds, aligned to the site's quarter hours.
    public var stepStart: Int64
    public var batteryChargeWh: Int64
    public var batteryDischargeWh: Int64
    public var batteryEnergyWh: Int64
    public var heatingWh: Int64
    public var coolingWh: Int64
    public var gridImportWh: Int64
    public var gridExportWh: Int64
    /// Import cost minus export revenue the plan expects for this step, milli-won.
    public var expectedCostMilliWon: Int64

    public init(
        plannedAt: Int64, strategy: String, stepStart: Int64, batteryChargeWh: Int64, batteryDischargeWh: Int64,
        batteryEnergyWh: Int64, heatingWh: Int64, coolingWh: Int64, gridImportWh: Int64, gridExportWh: Int64,
        expectedCostMilliWon: Int64
    ) {
        self.plannedAt = plannedAt
        self.strategy = strategy
        self.stepStart = stepStart
        self.batteryChargeWh = batteryChargeWh
        self.batteryDischargeWh = batteryDischargeWh
        self.batteryEnergyWh = batteryEnergyWh
        self.heatingWh = heatingWh
        self.coolingWh = coolingWh
        self.gridImportWh = gridImportWh
        self.gridExportWh = gridExportWh
        self.expectedCostMilliWon = expectedCostMilliWon
    }
}

/// One setpoint the scheduler wrote to a device, with what the plan had asked before the safety
/// clamp (nil when the clamp left it unchanged), so an operator can see every intervention.
public struct DispatchCommandRecord: Sendable, Hashable, Codable {
    /// UTC Unix seconds of the write.
    public var at: Int64
    public var deviceId: String
    /// The control point written, by its profile name (`InWRte`, `power_setpoint`, …).
    public var setpoint: String
    /// The value written, in the point's unit.
    public var value: Double
    /// What the plan asked for, when the clamp changed it.
    public var clampedFrom: Double?

    public init(at: Int64, deviceId: String, setpoint: String, value: Double, clampedFrom: Double? = nil) {
        self.at = at
        self.deviceId = deviceId
        self.setpoint = setpoint
        self.value = value
        self.clampedFrom = clampedFrom
    }
}
