import ArgumentParser
import EnergyDispatch

/// `--solver` lists the solver libraries the dispatch module can use.
extension SolverKind: ExpressibleByArgument {}
