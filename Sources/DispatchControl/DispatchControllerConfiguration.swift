import EnergyDispatch
import Site
import Tariffs
import VillageCore

/// How the controller plans and commands: strategy, horizon, prices, timeouts. Every field has a
/// default; the plant itself (ratings, windows, tanks) comes from the site file.
public struct DispatchControllerConfiguration: Sendable {
    public var strategy: StrategyName = .optimal
    public var solver: SolverKind = .clp
    public var stepSeconds: Int64 = TimeGrid.quarterHourSeconds
    /// Planning horizon in steps (96 = 24 h).
    public var horizonSteps = 96
    /// Import prices.
    public var tariff: Tariff
    /// Export prices where `tariff` pays nothing (SMP), if any.
    public var exportTariff: Tariff?
    /// Seconds written to `InOutWRte_RvrtTms` and the heat pumps' `revert_timeout`: longer than a
    /// step so that each interval's write refreshes it, short enough that a dead controller leaves
    /// the battery idle and the heat pumps on their own thermostat soon after.
    public var revertTimeoutSeconds = 1_200
    public var responseTimeout: Duration = .milliseconds(500)
    /// Heating COP and cooling EER the plan assumes until the heat pumps have reported their own.
    public var defaultHeatingCOP = 3.0
    public var defaultCoolingCOP = 4.5
    /// Heat pumps serving the cold tank when cooling is expected (the others serve the hot tank).
    /// Nil: every pump after the first. Without expected cooling every pump serves the hot tank.
    public var coolingPumps: [String]?

    public init(tariff: Tariff, exportTariff: Tariff? = nil) {
        self.tariff = tariff
        self.exportTariff = exportTariff
    }
}
