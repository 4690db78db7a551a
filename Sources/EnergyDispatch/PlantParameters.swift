/// Everything about the plant a plan needs besides the per-step series: grid connection, battery,
/// heat pumps and tanks, cost options, reserve and what stored energy is worth at the horizon's end.
public struct PlantParameters: Sendable, Equatable, Codable {
    public var gridImportLimitKW: Double = 500
    public var gridExportLimitKW: Double = 500
    public var battery = BatteryParameters()
    public var heating = ThermalStorageParameters.siteHeating
    public var cooling = ThermalStorageParameters.siteCooling
    /// Optional demand charge per kW of the plan's peak import (15-minute average), milli-won.
    public var demandChargeMilliWonPerKW: Double = 0
    /// Peak import already reached in the billing period, kW: the demand charge is only paid on
    /// what a plan adds above it (the MPC loop carries it from step to step).
    public var peakImportSoFarKW: Double = 0
    /// Whether the battery may charge from the grid.
    public var gridCharging: GridChargingPolicy = .allowed
    /// The manager's import cap, kW: storage and heat pumps never raise the import above it (a load
    /// that alone exceeds it is still served, up to `gridImportLimitKW`). Nil: the connection's limit only.
    public var importCapKW: Double?
    /// Optional SoC the battery must hold by a time of day.
    public var reserve: SoCReserve?
    public var terminal: TerminalCondition = .automatic
    /// How full both tanks should be at the end of the plant's night charging window, as the
    /// reference plant is operated; a priced floor like the terminal one (automatic terminal only).
    public var tankChargeTarget: TankChargeTarget?
    /// What a kWh of tank shortfall (below the tank floor or the charge target) costs, as a multiple
    /// of the dearest way to make that heat within the horizon (`PlanRequest.tankShortfallPenalties`).
    public var tankShortfallPenaltyFactor = Self.defaultTankShortfallPenaltyFactor

    /// Twice the dearest heat: refilling within the horizon is always the cheaper choice.
    public static let defaultTankShortfallPenaltyFactor = 2.0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case gridImportLimitKW, gridExportLimitKW, battery, heating, cooling, demandChargeMilliWonPerKW
        case peakImportSoFarKW, gridCharging, importCapKW, reserve, terminal, tankChargeTarget
        case tankShortfallPenaltyFactor
    }

    /// Decodes a plant, the fields added since plans were first exported taking their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        gridImportLimitKW = try c.decode(Double.self, forKey: .gridImportLimitKW)
        gridExportLimitKW = try c.decode(Double.self, forKey: .gridExportLimitKW)
        battery = try c.decode(BatteryParameters.self, forKey: .battery)
        heating = try c.decode(ThermalStorageParameters.self, forKey: .heating)
        cooling = try c.decode(ThermalStorageParameters.self, forKey: .cooling)
        demandChargeMilliWonPerKW = try c.decode(Double.self, forKey: .demandChargeMilliWonPerKW)
        peakImportSoFarKW = try c.decode(Double.self, forKey: .peakImportSoFarKW)
        gridCharging = try c.decodeIfPresent(GridChargingPolicy.self, forKey: .gridCharging) ?? .allowed
        importCapKW = try c.decodeIfPresent(Double.self, forKey: .importCapKW)
        reserve = try c.decodeIfPresent(SoCReserve.self, forKey: .reserve)
        terminal = try c.decode(TerminalCondition.self, forKey: .terminal)
        tankChargeTarget = try c.decodeIfPresent(TankChargeTarget.self, forKey: .tankChargeTarget)
        tankShortfallPenaltyFactor =
            try c.decodeIfPresent(Double.self, forKey: .tankShortfallPenaltyFactor)
            ?? Self.defaultTankShortfallPenaltyFactor
    }
}

/// "Both tanks at least this full by this local time", e.g. the end of the night's light-load hours.
public struct TankChargeTarget: Sendable, Equatable, Codable {
    /// Local time of day (the request's UTC offset), minutes after midnight.
    public var minuteOfDay: Int
    /// Share of each tank's capacity (as the plan sees it).
    public var hotFraction: Double
    public var coldFraction: Double

    public init(minuteOfDay: Int, hotFraction: Double, coldFraction: Double) {
        self.minuteOfDay = minuteOfDay
        self.hotFraction = hotFraction
        self.coldFraction = coldFraction
    }
}

/// "Have at least this SoC by this local time": for the evening peak or an expected outage.
public struct SoCReserve: Sendable, Equatable, Codable {
    /// Local time of day (the request's UTC offset), minutes after midnight, on a step boundary.
    public var minuteOfDay: Int
    public var socFraction: Double

    public init(minuteOfDay: Int, socFraction: Double) {
        self.minuteOfDay = minuteOfDay
        self.socFraction = socFraction
    }
}

/// What stored energy left at the end of the horizon is worth, or what must be left.
///
/// Without either, a finite horizon empties every store at its end, which a receding horizon
/// then regrets.
public enum TerminalCondition: Sendable, Equatable, Codable {
    /// Values derived from the request's prices: battery energy at the mean import price × the
    /// discharge efficiency, tank energy at the lowest import price ÷ the mean COP (heat could be
    /// made again at the cheapest time).
    case automatic
    /// Explicit values, milli-won per stored kWh (battery, hot tank, cold tank).
    case values(batteryMilliWonPerKWh: Double, hotTankMilliWonPerKWh: Double, coldTankMilliWonPerKWh: Double)
    /// Minimum energies at the end, kWh; stored energy is then worth nothing.
    case targets(batteryKWh: Double, hotTankKWh: Double, coldTankKWh: Double)
}
