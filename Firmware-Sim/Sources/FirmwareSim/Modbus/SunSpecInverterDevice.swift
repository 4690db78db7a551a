import Foundation
import Modbus
import Site
import Synchronization

/// A SunSpec PV inverter: common model 1 and three-phase inverter model 103 (integer + scale factors).
final class SunSpecInverterDevice: ServedDevice {
    let device: Device
    /// Where the array's state lives in the simulation.
    enum Source: Sendable {
        case roof(Int)
        case shared(Int)
    }
    let source: Source
    let ratedW: Double
    let registerState: Mutex<DeviceRegisterState>
    static let layout = SunSpecLayout(models: [(1, 66), (103, 50)])
    var space: RegisterSpace { Self.layout.space }
    /// Power scale factor: whole watts for homes, 10 W above the int16 range.
    let powerSF: Int

    init(device: Device, source: Source, generator: PVGenerator, seed: UInt64) {
        self.device = device
        self.source = source
        ratedW = generator.inverterACPowerKW * 1000
        powerSF = ratedW > 32_000 ? 1 : 0
        registerState = Mutex(
            DeviceRegisterState(
                counterBaseWh: initialCounterWh(
                    device: device, seed: seed, typicalAnnualWh: generator.peakPowerKWp * 1_300_000)))
    }

    func refresh(_ bank: RegisterBank, from simulation: VillageSimulation) {
        let array: PVArrayState?
        switch source {
        case .roof(let index): array = simulation.roofArrays[index]
        case .shared(let index): array = simulation.sharedArrays[index]
        }
        guard let array else { return }
        let state = registerState.withLock { $0 }
        let layout = Self.layout
        var image = layout.skeleton(
            manufacturer: "VillageSim", model: "SimInverter \(String(format: "%.1f", ratedW / 1000)) kW",
            serial: "\(device.id)-\(state.reboots)", version: "1.0.0", unitId: device.endpoint.unitId)
        func at(_ point: Int) -> Int { layout.offset(model: 103, point) }
        let watts = array.acPowerW
        let volts = 230.0
        let producing = watts > 0
        if state.notImplemented {
            for point in [2, 3, 4, 5, 14, 16, 18, 20, 22, 27, 29, 31, 33] { image.u16(at(point), 0xFFFF) }
            for point in [6, 13, 15, 17, 19, 21, 23, 26, 28, 30, 32, 37] { image.i16(at(point), -32768) }
            image.put(at(24), [0, 0])
            image.u16(at(38), 0xFFFF)
        } else {
            image.scaledU16(at(2), watts / volts, sf: -2)
            for phase in 0..<3 { image.scaledU16(at(3 + phase), watts / 3 / volts, sf: -2) }
            image.i16(at(6), -2)
            for phase in 0..<3 { image.scaledU16(at(10 + phase), volts + Double(phase) * 0.4, sf: -1) }
            image.i16(at(13), -1)
            image.scaledI16(at(14), watts, sf: powerSF)
            image.i16(at(15), powerSF)
            image.scaledU16(at(16), 60, sf: -2)
            image.i16(at(17), -2)
            image.scaledI16(at(18), watts, sf: powerSF)
            image.i16(at(19), powerSF)
            image.scaledI16(at(20), 0, sf: powerSF)
            image.i16(at(21), powerSF)
            image.scaledI16(at(22), producing ? 100 : 0, sf: 0)
            image.i16(at(23), 0)
            image.acc32(at(24), Int64((state.counterBaseWh + array.energy.total).rounded(.down)))
            image.i16(at(26), 0)
            let dcVolts = producing ? 600.0 : 0
            image.scaledU16(at(27), producing ? array.dcPowerW / dcVolts : 0, sf: -2)
            image.i16(at(28), -2)
            image.scaledU16(at(29), dcVolts, sf: -1)
            image.i16(at(30), -1)
            image.scaledI16(at(31), array.dcPowerW, sf: powerSF)
            image.i16(at(32), powerSF)
            image.scaledI16(at(33), simulation.ambient.airTemperatureC + watts / max(1, ratedW) * 20, sf: -1)
            image.i16(at(37), -1)
            image.u16(at(38), !producing ? 2 : (array.clipping ? 5 : 4))
            for point in [7, 8, 9, 39] { image.u16(at(point), 0xFFFF) }
            for point in [34, 35, 36] { image.i16(at(point), -32768) }
        }
        bank.setHoldingRegisters(image.words, at: SunSpecLayout.base)
    }

    func replaceMeter(in simulation: VillageSimulation) {
        switch source {
        case .roof(let index): restartCounter(at: simulation.roofArrays[index]?.energy.total ?? 0)
        case .shared(let index): restartCounter(at: simulation.sharedArrays[index].energy.total)
        }
    }
}
