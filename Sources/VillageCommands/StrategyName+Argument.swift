import ArgumentParser
import EnergyDispatch

/// `--strategy` parses into the controller's own names, so `--help` and a mistyped name list exactly
/// the strategies there are.
extension StrategyName: ExpressibleByArgument {}
