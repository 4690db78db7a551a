import ConfigFiles

/// The dispatch scheduler's tunables, as a facility manager sets them in the site file's optional
/// `dispatch:` section. Every field has a default that reproduces the scheduler's behaviour without
/// the section, so a site file that leaves it out plans exactly as before. Money is in won (the
/// scheduler works in milli-won), times of day in the site's local time.
///
/// `Site` knows no dispatch types (it sits below them); the `DispatchControl` module turns these
/// settings into its controller configuration and the LP's plant parameters.
public struct DispatchSettings: Sendable, Hashable, Codable {
    /// Strategy names the scheduler knows (kept equal to `EnergyDispatch.StrategyName`; a test checks).
    public static let strategies = ["none", "self-consumption", "tou-rules", "optimal"]
    /// LP solver libraries (kept equal to `EnergyDispatch.SolverKind`; a test checks).
    public static let solvers = ["clp", "glpk"]

    /// Strategy the controller plans with: one of `strategies`.
    public var strategy = "optimal"
    /// LP solver library for `optimal`: one of `solvers`.
    public var solver = "clp"
    /// Planning horizon, hours, re-planned every 15 minutes (24–48).
    public var horizonHours = 24
    /// Battery wear cost per kWh of throughput (charge plus discharge, AC side), won.
    public var wearCostWonPerKWh = 0.0
    /// Demand charge per kW of peak import (15-minute average) above the peak so far, won.
    public var demandChargeWonPerKW = 0.0
    /// When the battery may charge from the grid. Default `never`: the reference village's battery
    /// exists to keep daytime PV surplus for the evening, and buying for it at night also raises the
    /// night import peak (see docs/dispatch.md).
    public var gridCharging: GridChargingSetting = .never
    /// Import cap, kW: the battery and heat pumps never raise the 15-minute import above it (the
    /// load alone may); nil: the grid connection's limit only.
    public var importCapKW: Double?
    /// State of charge the battery must hold by a local time of day, every day; nil: none.
    public var socReserve: SoCReserveSetting?
    /// What stored energy left at the end of the horizon is worth, or must be.
    public var terminal: TerminalSetting = .automatic
    /// How full each tank (the part above `heatPlant.reserveChargePct`) should be when the night's
    /// charging window ends (`heatPlant.nightChargeEndHour`), %: a priced floor, like the tank floor
    /// at the horizon's end (automatic terminal only); the cold tank only when cooling is expected.
    /// 0: no night target.
    public var nightChargeTargetPct = 95.0
    /// What a kWh of heat by which a tank misses its floor or night target costs the plan, as a
    /// multiple of the dearest way to make it within the horizon (highest import price ÷ lowest
    /// COP): above 1, so refilling within the horizon is always cheaper than falling short.
    public var tankShortfallPenaltyFactor = 2.0
    /// Seconds after which a battery or heat pump not refreshed by the controller returns to its own
    /// control: longer than a step, so each interval's write refreshes it.
    public var revertTimeoutSeconds = 1_200
    /// How long the controller waits for a Modbus answer, milliseconds.
    public var responseTimeoutMs = 500
    /// Heating COP and cooling EER the plan assumes until the heat pumps report their own.
    public var defaultHeatingCOP = 3.0
    public var defaultCoolingCOP = 4.5
    /// Heat pumps (device ids in `heatPlant.heatPumps`) that serve the cold tank when cooling is
    /// expected; nil: every pump after the first.
    public var coolingPumps: [String]?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case strategy, solver, horizonHours, wearCostWonPerKWh, demandChargeWonPerKW, gridCharging, importCapKW
        case socReserve, terminal, nightChargeTargetPct, tankShortfallPenaltyFactor
        case revertTimeoutSeconds, responseTimeoutMs, defaultHeatingCOP, defaultCoolingCOP, coolingPumps
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DispatchSettings()
        strategy = try c.decode(.strategy, default: d.strategy)
        guard Self.strategies.contains(strategy) else {
            throw ConfigFieldError(
                code: .invalidValue, path: c.codingPath + [CodingKeys.strategy],
                message: "unknown strategy '\(strategy)' (known: \(Self.strategies.joined(separator: ", ")))")
        }
        solver = try c.decode(.solver, default: d.solver)
        guard Self.solvers.contains(solver) else {
            throw ConfigFieldError(
                code: .invalidValue, path: c.codingPath + [CodingKeys.solver],
                message: "unknown solver '\(solver)' (known: \(Self.solvers.joined(separator: ", ")))")
        }
        horizonHours = try c.decode(.horizonHours, default: d.horizonHours, in: 24...48)
        wearCostWonPerKWh = try c.decode(.wearCostWonPerKWh, default: d.wearCostWonPerKWh, in: 0...100_000)
        demandChargeWonPerKW = try c.decode(.demandChargeWonPerKW, default: d.demandChargeWonPerKW, in: 0...1_000_000)
        gridCharging = try c.decode(.gridCharging, default: d.gridCharging)
        importCapKW = try c.decodeIfPresent(.importCapKW, in: 0...1_000_000)
        socReserve = try c.decodeIfPresent(SoCReserveSetting.self, forKey: .socReserve)
        terminal = try c.decode(.terminal, default: d.terminal)
        nightChargeTargetPct = try c.decode(.nightChargeTargetPct, default: d.nightChargeTargetPct, in: 0...100)
        tankShortfallPenaltyFactor = try c.decode(.tankShortfallPenaltyFactor, default: d.tankShortfallPenaltyFactor)
        guard (1...100).contains(tankShortfallPenaltyFactor) else {
            throw ConfigFieldError(
                code: .invalidValue, path: c.codingPath + [CodingKeys.tankShortfallPenaltyFactor],
                message: "\(tankShortfallPenaltyFactor) is outside 1...100: below 1 a shortfall costs the plan "
                    + "less than making the heat, so plans would drain the tanks")
        }
        revertTimeoutSeconds = try c.decode(.revertTimeoutSeconds, default: d.revertTimeoutSeconds, in: 60...86_400)
        responseTimeoutMs = try c.decode(.responseTimeoutMs, default: d.responseTimeoutMs, in: 10...60_000)
        defaultHeatingCOP = try c.decode(.defaultHeatingCOP, default: d.defaultHeatingCOP, in: 1...10)
        defaultCoolingCOP = try c.decode(.defaultCoolingCOP, default: d.defaultCoolingCOP, in: 1...10)
        coolingPumps = try c.decodeIfPresent([String].self, forKey: .coolingPumps)
    }
}
