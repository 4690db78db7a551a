import EnergyDispatch
import Site

extension PlantParameters {
    /// Applies the site file's cost options, reserve and terminal handling. `tankReserveKWh` is the
    /// part of each tank the plan does not see (`heatPlant.reserveChargePct`): the site's tank
    /// targets count the whole tank, the plan only what lies above that reserve.
    package mutating func apply(_ settings: DispatchSettings, tankReserveKWh: (hot: Double, cold: Double) = (0, 0)) {
        battery.wearCostMilliWonPerKWh = settings.wearCostWonPerKWh * 1000
        demandChargeMilliWonPerKW = settings.demandChargeWonPerKW * 1000
        switch settings.gridCharging {
        case .never: gridCharging = .never
        case .allowed: gridCharging = .allowed
        case .cheaperThan(let won): gridCharging = .cheaperThan(milliWonPerKWh: Int64((won * 1000).rounded()))
        }
        importCapKW = settings.importCapKW
        tankShortfallPenaltyFactor = settings.tankShortfallPenaltyFactor
        reserve = settings.socReserve.flatMap { setting in
            setting.minuteOfDay.map { SoCReserve(minuteOfDay: $0, socFraction: setting.socPct / 100) }
        }
        switch settings.terminal {
        case .automatic:
            terminal = .automatic
        case .values(let batteryWon, let hotWon, let coldWon):
            terminal = .values(
                batteryMilliWonPerKWh: batteryWon * 1000, hotTankMilliWonPerKWh: hotWon * 1000,
                coldTankMilliWonPerKWh: coldWon * 1000)
        case .targets(let batteryKWh, let hotKWh, let coldKWh):
            terminal = .targets(
                batteryKWh: batteryKWh, hotTankKWh: max(0, hotKWh - tankReserveKWh.hot),
                coldTankKWh: max(0, coldKWh - tankReserveKWh.cold))
        }
    }
}

extension DispatchError {
    /// The same error, naming the site file's key when a site setting made the problem infeasible,
    /// so that a facility manager knows which line of the site file to change.
    package func naming(_ settings: DispatchSettings) -> DispatchError {
        var error = self
        if let reserve = settings.socReserve,
            constraint == .socReserve || code == .infeasibleReserve || field?.hasPrefix("reserve.") == true
        {
            error.field = "dispatch.socReserve"
            // The request's own check (unreachable at full PCS power) blames the same constraint.
            if code == .infeasibleReserve { error.constraint = .socReserve }
            error.message += " (site file: dispatch.socReserve \(reserve.socPct) % by \(reserve.byLocalTime))"
        } else if case .targets = settings.terminal, constraint == .terminalTarget {
            error.field = "dispatch.terminal"
            error.message += " (site file: dispatch.terminal targets)"
        }
        return error
    }
}
