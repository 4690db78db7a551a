import Site

extension VillageSimulation {
    /// Runs the PCS for one step: follows the live setpoint (or idles once it has expired), within
    /// the PCS rating and the SoC window, with charge and discharge losses and self-discharge. In
    /// "charge from PV only" mode a charge setpoint is capped at `surplusW`, what the village would
    /// export this step without the battery. Returns the AC power, positive discharging.
    func runStorage(hours: Double, surplusW: Double) -> Double {
        let ess = site.ess
        var requestW = 0.0
        if let setpoint = storage.setpoint, now - setpoint.receivedAt < Int64(storageRevertTimeoutSeconds) {
            requestW = setpoint.powerW
            if requestW < 0 && !setpoint.chargeFromGrid { requestW = -min(-requestW, max(0, surplusW)) }
        }
        let pcsW = ess.pcsPowerKW * 1000
        requestW = max(-pcsW, min(pcsW, requestW))
        let minWh = storage.capacityWh * ess.socMinPct / 100
        let maxWh = storage.capacityWh * ess.socMaxPct / 100
        // Self-discharge stops at the bottom of the window: the battery management keeps that reserve
        // (a simplification of its wake-up top-up charging).
        let selfDischargeWh = storage.storedWh * ess.selfDischargePctPerDay / 100 / 24 * hours
        storage.storedWh = max(min(storage.storedWh, minWh), storage.storedWh - selfDischargeWh)
        var powerW = 0.0
        if requestW > 0 {
            let available = max(0, (storage.storedWh - minWh) * ess.dischargeEfficiency / hours)
            powerW = min(requestW, available)
            storage.storedWh -= powerW * hours / ess.dischargeEfficiency
            storage.discharged.add(powerW * hours)
        } else if requestW < 0 {
            let room = max(0, (maxWh - storage.storedWh) / (ess.chargeEfficiency * hours))
            powerW = -min(-requestW, room)
            storage.storedWh += -powerW * hours * ess.chargeEfficiency
            storage.charged.add(-powerW * hours)
        }
        storage.powerW = powerW
        return powerW
    }
}
