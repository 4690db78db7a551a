import Foundation
import Site

/// Which side of the storage tank a heat pump is charging.
public enum TankSide: String, Sendable, Hashable, Codable, CaseIterable {
    case hot
    case cold
}

/// Coefficient of performance from the temperatures the machine works between: a fixed fraction of
/// the Carnot limit with 3–5 K approach at the heat exchangers, clamped to what real machines reach.
package enum HeatPumpModel {
    /// Heat delivered per unit of electricity when heating water to `supplyC` from a source at `sourceC`.
    package static func heatingCOP(sourceC: Double, supplyC: Double, carnotEfficiency: Double) -> Double {
        let condenserK = supplyC + 3 + 273.15
        let evaporatorK = sourceC - 5 + 273.15
        let carnot = condenserK / max(5, condenserK - evaporatorK)
        return max(1.5, min(6.5, carnotEfficiency * carnot))
    }

    /// Cold delivered per unit of electricity when chilling water to `supplyC`, rejecting heat to a
    /// sink at `sinkC`.
    package static func coolingCOP(sinkC: Double, supplyC: Double, carnotEfficiency: Double) -> Double {
        let evaporatorK = supplyC - 3 + 273.15
        let condenserK = sinkC + 5 + 273.15
        let carnot = evaporatorK / max(5, condenserK - evaporatorK)
        return max(2, min(7, carnotEfficiency * carnot))
    }
}
