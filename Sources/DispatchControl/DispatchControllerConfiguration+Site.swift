import EnergyDispatch
import Site
import Tariffs

extension DispatchControllerConfiguration {
    /// The configuration the site file's `dispatch:` section asks for, with these tariffs; commands
    /// then override single fields from their flags.
    package init(settings: DispatchSettings, tariff: Tariff, exportTariff: Tariff? = nil) throws(DispatchError) {
        self.init(tariff: tariff, exportTariff: exportTariff)
        do {
            strategy = try StrategyName(parsing: settings.strategy)
        } catch {
            throw DispatchError(.unknownStrategy, field: "dispatch.strategy", error.message)
        }
        guard let solver = SolverKind(rawValue: settings.solver) else {
            throw DispatchError(.invalidParameter, field: "dispatch.solver", "unknown solver '\(settings.solver)'")
        }
        self.solver = solver
        horizonSteps = settings.horizonHours * 3600 / Int(stepSeconds)
        revertTimeoutSeconds = settings.revertTimeoutSeconds
        responseTimeout = .milliseconds(settings.responseTimeoutMs)
        defaultHeatingCOP = settings.defaultHeatingCOP
        defaultCoolingCOP = settings.defaultCoolingCOP
        coolingPumps = settings.coolingPumps
    }
}
