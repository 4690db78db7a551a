import ArgumentParser
import EnergyDispatch

/// `--season`: the two weeks a dispatch comparison or simulation can run.
extension SyntheticVillage.Season: ExpressibleByArgument {}
