import EnergyDispatch
import Site
import Tariffs
import VillageCore

/// How the controller plans and commands: strategy, horizon, prices, timeouts. Every field has a
/// default; the plant itself (ratings, windows, tanks) comes from the site file.
package struct DispatchControllerConfiguration: Sendable {
    package var strategy: StrategyName = .optimal
    package var solver: SolverKind = .clp
    package var stepSeconds: Int64 = TimeGrid.quarterHourSeconds
    /// Planning horizon in steps (96 = 24 h).
    package var horizonSteps = 96
    /// Import prices.
    package var tariff: Tariff
    /// Export prices where `tariff` pays nothing (SMP), if any.
    package var exportTariff: Tariff?
    /// Seconds written to `InOutWRte_RvrtTms` and the heat pumps' `revert_timeout`: longer than a
    /// step so that each interval's write refreshes it, short enough that a dead controller leaves
    /// the battery idle and the heat pumps on their own thermostat soon after.
    package var revertTimeoutSeconds = 1_200
    package var responseTimeout: Duration = .milliseconds(500)
    /// Heating COP and cooling EER the plan assumes until the heat pumps have reported their own.
    package var defaultHeatingCOP = 3.0
    package var defaultCoolingCOP = 4.5
    /// Heat pumps serving the cold tank when cooling is expected (the others serve the hot tank).
    /// Nil: every pump after the first. Without expected cooling every pump serves the hot tank.
    package var coolingPumps: [String]?

    package init(tariff: Tariff, exportTariff: Tariff? = nil) {
        self.tariff = tariff
        self.exportTariff = exportTariff
    }
}
