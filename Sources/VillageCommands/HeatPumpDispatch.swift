import ArgumentParser

/// Whether a comparison lets the plans shift heat-pump energy through the tanks, or takes the heat
/// pumps as load that follows the demand (the battery alone dispatched).
enum HeatPumpDispatch: String, CaseIterable, ExpressibleByArgument {
    case dispatched
    case followDemand = "follow-demand"
}
