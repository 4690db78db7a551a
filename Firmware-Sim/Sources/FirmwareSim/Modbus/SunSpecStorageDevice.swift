import DeviceProfiles
import Foundation
import Modbus
import Site
import Synchronization

/// The shared battery as a SunSpec device: common model 1, basic storage controls 124 (where the
/// dispatcher writes its setpoints), battery model 802 and the PCS's AC meter, model 203, whose
/// counters (export = discharged, import = charged) the market settles the battery on.
///
/// Control: `StorCtl_Mod` bit 0 enables charging at `InWRte` percent of `WChaMax`, bit 1 discharging
/// at `OutWRte` percent; the resulting power holds for `InOutWRte_RvrtTms` seconds after the last
/// write, then the PCS idles and the control registers fall back to 0. `ChaGriSet` 0 ("PV") makes a
/// charge rate a ceiling: the PCS charges only from the village's surplus; 1 ("GRID", the default)
/// draws the rate from wherever.
final class SunSpecStorageDevice: ServedDevice {
    let device: Device
    let ess: EnergyStorageSystem
    let registerState: Mutex<DeviceRegisterState>
    static let layout = SunSpecLayout(models: [(1, 66), (124, 24), (802, 62), (203, 105)])
    var space: RegisterSpace { Self.layout.space }

    /// Scale factors this device uses.
    static let wChaMaxSF = 1
    static let rateSF = -1
    static let socSF = -1

    /// What clients have written into model 124.
    struct Controls: Sendable, Equatable {
        var mode = 0
        var outWRte = 0
        var inWRte = 0
        var windowSeconds = 0
        var revertSeconds: Int
        var rampSeconds = 0
        var gridCharging = 1
        var minReservePct10: Int
        var heartbeat = 0
    }
    private let controls: Mutex<Controls>
    private let heartbeat = Mutex(0)

    /// The writable points of model 124, from the `sunspec-ess` profile.
    let controlPoints: ProfileControls

    init(device: Device, ess: EnergyStorageSystem, profile: DeviceProfile, seed: UInt64) {
        self.device = device
        self.ess = ess
        // The PCS meter has run for a while: SunSpec reads a zero acc32 as "not accumulated".
        registerState = Mutex(
            DeviceRegisterState(
                counterBaseWh: initialCounterWh(device: device, seed: seed, typicalAnnualWh: 60_000_000)))
        controls = Mutex(Controls(revertSeconds: ess.revertTimeoutSeconds, minReservePct10: Int(ess.socMinPct * 10)))
        controlPoints = ProfileControls(profile: profile, builder: DeviceImageBuilder(profile: profile))
    }

    private func decode(_ write: RegisterWrite, bank: RegisterBank) -> ProfileControls.ControlWrite {
        controlPoints.decode(write) { address in
            Int(Int16(bitPattern: bank.holdingRegisters(at: address, count: 1).first ?? 0))
        }
    }

    func validate(_ write: RegisterWrite, bank: RegisterBank) -> ModbusException? {
        if case .refused(let exception) = decode(write, bank: bank) { return exception }
        return nil
    }

    func apply(_ write: RegisterWrite, bank: RegisterBank, to simulation: VillageSimulation) {
        // Decode from the write itself, not from the bank: a refresh may already have rewritten it.
        guard case .accepted(let values) = decode(write, bank: bank) else { return }
        var touchesRate = false
        let updated = controls.withLock { controls -> Controls in
            for (name, value) in values {
                switch name {
                case "StorCtl_Mod":
                    controls.mode = Int(value)
                    touchesRate = true
                case "MinRsvPct": controls.minReservePct10 = Int((value * 10).rounded())
                case "OutWRte":
                    controls.outWRte = Int((value * 10).rounded())
                    touchesRate = true
                case "InWRte":
                    controls.inWRte = Int((value * 10).rounded())
                    touchesRate = true
                case "InOutWRte_RvrtTms":
                    controls.revertSeconds = Int(value)
                    touchesRate = true
                case "ChaGriSet":
                    controls.gridCharging = Int(value)
                    touchesRate = true
                default: break
                }
            }
            return controls
        }
        guard touchesRate else { return }
        simulation.storageRevertTimeoutSeconds =
            updated.revertSeconds > 0 ? updated.revertSeconds : ess.revertTimeoutSeconds
        let maxW = ess.pcsPowerKW * 1000
        let charge = updated.mode & 1 != 0 ? Double(updated.inWRte) / 1000 : 0
        let discharge = updated.mode & 2 != 0 ? Double(updated.outWRte) / 1000 : 0
        let watts = max(-maxW, min(maxW, (discharge - charge) * maxW))
        try? simulation.setStoragePower(watts: watts, chargeFromGrid: updated.gridCharging != 0)
    }

    func reboot(bank: RegisterBank, simulation: VillageSimulation) {
        controls.withLock {
            $0 = Controls(revertSeconds: ess.revertTimeoutSeconds, minReservePct10: Int(ess.socMinPct * 10))
        }
        simulation.storageRevertTimeoutSeconds = ess.revertTimeoutSeconds
        try? simulation.setStoragePower(watts: 0)
    }

    func refresh(_ bank: RegisterBank, from simulation: VillageSimulation) {
        let state = registerState.withLock { $0 }
        let storage = simulation.storage
        let active =
            storage.setpoint.map { simulation.now - $0.receivedAt < Int64(simulation.storageRevertTimeoutSeconds) }
            ?? false
        var current = controls.withLock { controls -> Controls in
            if !active && (controls.mode != 0 || controls.inWRte != 0 || controls.outWRte != 0) {
                controls.mode = 0
                controls.inWRte = 0
                controls.outWRte = 0
            }
            return controls
        }
        current.heartbeat = heartbeat.withLock {
            $0 = ($0 + 1) & 0xFFFF
            return $0
        }
        let layout = Self.layout
        var image = layout.skeleton(
            manufacturer: "VillageSim", model: "SimESS 400kWh/180kW", serial: "\(device.id)-\(state.reboots)",
            version: "1.0.0", unitId: device.endpoint.unitId)
        func m124(_ point: Int) -> Int { layout.offset(model: 124, point) }
        func m802(_ point: Int) -> Int { layout.offset(model: 802, point) }
        let maxW = ess.pcsPowerKW * 1000
        let soc = storage.socPct
        let chargeState: Int
        if storage.powerW > 0 {
            chargeState = 3
        } else if storage.powerW < 0 {
            chargeState = 4
        } else if soc >= ess.socMaxPct - 0.05 {
            chargeState = 5
        } else if soc <= ess.socMinPct + 0.05 {
            chargeState = 2
        } else {
            chargeState = 6
        }

        image.scaledU16(m124(2), maxW, sf: Self.wChaMaxSF)
        image.u16(m124(3), 100)
        image.u16(m124(4), 100)
        image.u16(m124(5), current.mode)
        image.u16(m124(6), 0xFFFF)
        image.u16(m124(7), current.minReservePct10)
        image.scaledU16(m124(8), soc, sf: Self.socSF)
        image.scaledU16(m124(9), max(0, storage.storedWh - storage.capacityWh * ess.socMinPct / 100) / 1000 * 10, sf: 0)
        image.scaledU16(m124(10), 700, sf: -1)
        image.u16(m124(11), chargeState)
        image.i16(m124(12), current.outWRte)
        image.i16(m124(13), current.inWRte)
        image.u16(m124(14), current.windowSeconds)
        image.u16(m124(15), current.revertSeconds)
        image.u16(m124(16), current.rampSeconds)
        image.u16(m124(17), current.gridCharging)
        image.i16(m124(18), Self.wChaMaxSF)
        image.i16(m124(19), 0)
        image.i16(m124(20), -32768)
        image.i16(m124(21), -1)
        image.i16(m124(22), Self.socSF)
        image.i16(m124(23), -1)
        image.i16(m124(24), -1)
        image.i16(m124(25), Self.rateSF)

        for point in 2..<64 { image.u16(m802(point), 0xFFFF) }
        for point in [24, 26, 28, 30, 32] { image.put(m802(point), [0, 0]) }
        image.scaledU16(m802(3), storage.capacityWh, sf: 2)
        image.scaledU16(m802(4), maxW, sf: 1)
        image.scaledU16(m802(5), maxW, sf: 1)
        image.scaledU16(m802(7), ess.socMaxPct, sf: Self.socSF)
        image.scaledU16(m802(8), ess.socMinPct, sf: Self.socSF)
        image.scaledU16(m802(11), soc, sf: Self.socSF)
        image.u16(m802(13), 92)
        image.u32(m802(14), Int64(storage.discharged.total / storage.capacityWh))
        image.u16(m802(16), chargeState)
        image.u16(m802(17), 0)
        image.u16(m802(18), current.heartbeat)
        image.u16(m802(19), 0)
        image.u16(m802(21), 4)
        image.u16(m802(22), 3)
        image.scaledU16(m802(34), 700, sf: -1)
        image.scaledI16(m802(44), storage.powerW / 700, sf: -1)
        image.scaledI16(m802(47), storage.powerW, sf: 1)
        for (point, sf) in [
            (52, 0), (53, 2), (54, 1), (55, 0), (56, Self.socSF), (57, 0), (58, 0), (59, -1), (60, -3), (61, -1),
            (62, -1), (63, 1),
        ] {
            image.i16(m802(point), sf)
        }
        writeACMeter(into: &image, storage: storage, counterBaseWh: state.counterBaseWh)
        if state.notImplemented {
            image.u16(m124(8), 0xFFFF)
            image.u16(m802(11), 0xFFFF)
            image.i16(m802(47), -32768)
            for point in [38, 46] { image.put(layout.offset(model: 203, point), [0, 0]) }
        }
        bank.setHoldingRegisters(image.words, at: SunSpecLayout.base)
    }

    /// Model 203 as a PCS meter measures it: AC power (positive while charging: a meter counts import)
    /// and the two lifetime counters; every other point reads "not implemented".
    private func writeACMeter(into image: inout WordImage, storage: StorageState, counterBaseWh: Double) {
        func at(_ point: Int) -> Int { Self.layout.offset(model: 203, point) }
        for point in 2..<107 { image.u16(at(point), 0xFFFF) }
        for point in [6, 15, 17, 22, 27, 32, 37, 54, 71, 104] { image.i16(at(point), -32768) }
        for point in stride(from: 38, to: 54, by: 2) { image.put(at(point), [0, 0]) }
        image.scaledI16(at(18), -storage.powerW, sf: 1)
        image.i16(at(22), 1)
        image.acc32(at(38), Int64((counterBaseWh + storage.discharged.total).rounded(.down)))
        image.acc32(at(46), Int64((counterBaseWh + storage.charged.total).rounded(.down)))
        image.i16(at(54), 0)
        image.put(at(105), [0, 0])
    }
}
