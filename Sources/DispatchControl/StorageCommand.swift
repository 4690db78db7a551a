/// SunSpec model 124 controls for one battery power: what is written to `StorCtl_Mod`, `InWRte`,
/// `OutWRte` (percent of `WChaMax`), `InOutWRte_RvrtTms` and `ChaGriSet`.
package struct StorageCommand: Sendable, Equatable, Codable {
    /// Bit 0 charge, bit 1 discharge; 0 idles the PCS.
    package var mode: Int
    package var chargeRatePct: Double
    package var dischargeRatePct: Double
    package var revertSeconds: Int
    /// `ChaGriSet`: false ("PV") where the grid-charging policy forbids grid charging, so the PCS
    /// treats the charge rate as a ceiling and charges only from the village's measured surplus;
    /// the plan's charge rests on a PV forecast, and when the PV does not come the PCS must not make
    /// up the difference from the grid.
    package var chargeFromGrid = true

    /// Idle: the safe state.
    package static func idle(revertSeconds: Int) -> StorageCommand {
        StorageCommand(mode: 0, chargeRatePct: 0, dischargeRatePct: 0, revertSeconds: revertSeconds)
    }

    package init(mode: Int, chargeRatePct: Double, dischargeRatePct: Double, revertSeconds: Int) {
        self.mode = mode
        self.chargeRatePct = chargeRatePct
        self.dischargeRatePct = dischargeRatePct
        self.revertSeconds = revertSeconds
    }

    /// The command for `powerW` (positive discharges) on a PCS of `maxW`, in the register's steps of
    /// `resolutionPct`, rounded toward zero so the written rate never exceeds what was asked, and
    /// never more than 100 %.
    package init(powerW: Double, maxW: Double, resolutionPct: Double = 0.1, revertSeconds: Int) {
        guard powerW.isFinite, maxW.isFinite, maxW > 0, resolutionPct > 0 else {
            self = .idle(revertSeconds: revertSeconds)
            return
        }
        let pct = min(100, abs(powerW) / maxW * 100)
        let stepped = (pct / resolutionPct).rounded(.towardZero) * resolutionPct
        if stepped <= 0 {
            self = .idle(revertSeconds: revertSeconds)
        } else if powerW > 0 {
            self.init(mode: 2, chargeRatePct: 0, dischargeRatePct: stepped, revertSeconds: revertSeconds)
        } else {
            self.init(mode: 1, chargeRatePct: stepped, dischargeRatePct: 0, revertSeconds: revertSeconds)
        }
    }

    /// Battery power this command asks for, W (positive discharges).
    package func powerW(maxW: Double) -> Double {
        let discharge = mode & 2 != 0 ? dischargeRatePct : 0
        let charge = mode & 1 != 0 ? chargeRatePct : 0
        return (discharge - charge) / 100 * maxW
    }
}
