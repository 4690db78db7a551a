/// One step of a plan: energies in Wh over the step (electric unless named thermal), stores at its end.
///
/// Balance: `pv − curtailment + import + discharge + unservedLoad = load + export + charge +
/// heating + cooling` every step, for every strategy.
public struct PlanStep: Sendable, Equatable, Codable {
    public var gridImportWh: Double = 0
    public var gridExportWh: Double = 0
    /// AC energy into the battery.
    public var batteryChargeWh: Double = 0
    /// AC energy out of the battery.
    public var batteryDischargeWh: Double = 0
    /// Stored battery energy at the end of the step.
    public var batteryEnergyWh: Double = 0
    /// Electric energy of the heating heat pump.
    public var heatPumpHeatingWh: Double = 0
    /// Electric energy of the cooling heat pump.
    public var heatPumpCoolingWh: Double = 0
    /// Thermal energy in the hot tank at the end of the step.
    public var hotTankWh: Double = 0
    /// Thermal energy in the cold tank at the end of the step.
    public var coldTankWh: Double = 0
    public var curtailmentWh: Double = 0
    /// Load the plan could not supply (rule strategies at the grid limit; always 0 from the LP).
    public var unservedLoadWh: Double = 0
    /// Heat (thermal) the tank and heat pump could not supply.
    public var unservedHeatWh: Double = 0
    /// Cooling (thermal) the tank and heat pump could not supply.
    public var unservedCoolingWh: Double = 0

    public init() {}
}
