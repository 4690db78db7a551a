import Foundation
import Modbus
import Site
import Synchronization

/// The SunSpec meter at the grid connection: common model 1 and wye meter model 203. Positive power
/// is import from the grid.
final class SunSpecMeterDevice: ServedDevice {
    let device: Device
    let registerState: Mutex<DeviceRegisterState>
    /// Separate bases for the two counters (import and export).
    private let exportBaseWh: Mutex<Double>
    static let layout = SunSpecLayout(models: [(1, 66), (203, 105)])
    var space: RegisterSpace { Self.layout.space }

    init(device: Device, seed: UInt64) {
        self.device = device
        registerState = Mutex(
            DeviceRegisterState(
                counterBaseWh: initialCounterWh(device: device, seed: seed, typicalAnnualWh: 300_000_000)))
        exportBaseWh = Mutex(initialCounterWh(device: device, seed: seed &+ 1, typicalAnnualWh: 450_000_000))
    }

    func refresh(_ bank: RegisterBank, from simulation: VillageSimulation) {
        let state = registerState.withLock { $0 }
        let layout = Self.layout
        var image = layout.skeleton(
            manufacturer: "VillageSim", model: "SimGridMeter", serial: "\(device.id)-\(state.reboots)",
            version: "1.0.0", unitId: device.endpoint.unitId)
        func at(_ point: Int) -> Int { layout.offset(model: 203, point) }
        let watts = simulation.grid.powerW
        let volts = 230.0
        // Fill every point with "not implemented" first; then the ones this meter measures.
        for point in 2..<107 { image.u16(at(point), 0xFFFF) }
        for point in [6, 15, 17, 22, 27, 32, 37, 54, 71, 104] { image.i16(at(point), -32768) }
        for point in stride(from: 38, to: 54, by: 2) { image.put(at(point), [0, 0]) }
        guard !state.notImplemented else {
            bank.setHoldingRegisters(image.words, at: SunSpecLayout.base)
            return
        }
        image.scaledI16(at(2), abs(watts) / volts / 3, sf: -1)
        for phase in 0..<3 { image.scaledI16(at(3 + phase), abs(watts) / volts / 3, sf: -1) }
        image.i16(at(6), -1)
        image.scaledI16(at(7), volts, sf: -1)
        for phase in 0..<3 { image.scaledI16(at(8 + phase), volts, sf: -1) }
        image.i16(at(15), -1)
        image.scaledI16(at(16), 60, sf: -2)
        image.i16(at(17), -2)
        image.scaledI16(at(18), watts, sf: 1)
        for phase in 0..<3 { image.scaledI16(at(19 + phase), watts / 3, sf: 1) }
        image.i16(at(22), 1)
        let exportBase = exportBaseWh.withLock { $0 }
        image.acc32(at(38), Int64((exportBase + simulation.grid.exported.total).rounded(.down)))
        image.acc32(at(46), Int64((state.counterBaseWh + simulation.grid.imported.total).rounded(.down)))
        image.i16(at(54), 0)
        image.put(at(105), [0, 0])  // Evt
        bank.setHoldingRegisters(image.words, at: SunSpecLayout.base)
    }

    func replaceMeter(in simulation: VillageSimulation) {
        restartCounter(at: simulation.grid.imported.total)
        exportBaseWh.withLock { $0 = -simulation.grid.exported.total }
    }
}
