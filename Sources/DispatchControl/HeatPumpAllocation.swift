import Site

/// Splits the clamped heating and cooling powers over the site's heat pumps, each within its own
/// rating: pumps are filled in order, and a share below a pump's minimum runs at the minimum (the
/// compressor cannot run lower).
package struct HeatPumpAllocation: Sendable {
    package var pumps: [HeatPump]
    /// Devices on the cold side when cooling is expected.
    package var coolingPumps: Set<String>

    package init(pumps: [HeatPump], coolingPumps: [String]?) {
        self.pumps = pumps
        self.coolingPumps = Set(coolingPumps ?? pumps.dropFirst().map(\.device))
    }

    /// The pumps serving each tank.
    package func sides(coolingExpected: Bool) -> (hot: [HeatPump], cold: [HeatPump]) {
        guard coolingExpected else { return (pumps, []) }
        return (pumps.filter { !coolingPumps.contains($0.device) }, pumps.filter { coolingPumps.contains($0.device) })
    }

    /// Electric power limit of each side, kW.
    package func limitsKW(coolingExpected: Bool) -> (hot: Double, cold: Double) {
        let sides = sides(coolingExpected: coolingExpected)
        return (sides.hot.reduce(0) { $0 + $1.electricPowerMaxKW }, sides.cold.reduce(0) { $0 + $1.electricPowerMaxKW })
    }

    /// One setpoint per pump: heating W on the hot side, cooling W on the cold side.
    package func setpoints(heatingW: Int64, coolingW: Int64, coolingExpected: Bool, revertSeconds: Int)
        -> [HeatPumpSetpoint]
    {
        let sides = sides(coolingExpected: coolingExpected)
        return fill(sides.hot, watts: heatingW, tank: 0, revertSeconds: revertSeconds)
            + fill(sides.cold, watts: coolingW, tank: 1, revertSeconds: revertSeconds)
    }

    private func fill(_ side: [HeatPump], watts: Int64, tank: Int, revertSeconds: Int) -> [HeatPumpSetpoint] {
        var remainingKW = max(0, Double(watts) / 1000)
        return side.map { pump in
            var share = min(remainingKW, pump.electricPowerMaxKW)
            // Any share the plan really wants runs at least at the minimum: rounding it away would
            // starve a tank whose demand is always below the minimum (cooling at a COP of 7). The
            // tank takes the surplus, and the next plans ask for less.
            if share > 0, share < pump.electricPowerMinKW { share = pump.electricPowerMinKW }
            // The register holds tenths of a kW; never round up past the rating.
            share = min((share * 10).rounded(.down) / 10, pump.electricPowerMaxKW)
            remainingKW = max(0, remainingKW - share)
            return HeatPumpSetpoint(
                device: pump.device, mode: share > 0 ? .run : .off, powerKW: share, targetTank: tank,
                revertSeconds: revertSeconds)
        }
    }
}
