import Foundation
import Modbus
import Site
import Synchronization

/// An Eastron SDM630 household meter: input registers, float32, big-endian words. Reads consumption
/// through the household meter; the home's roof PV is metered by its own inverter.
final class SDM630Device: ServedDevice {
    let device: Device
    let householdIndex: Int
    let space = RegisterSpace(inputRegisters: 0..<0x0158)
    let registerState: Mutex<DeviceRegisterState>
    private let noise: SeededNoise
    private let stream: UInt64
    /// The export register's own base (the import counter uses `counterBaseWh`).
    private let exportBaseWh: Mutex<Double>

    /// Register addresses from the Eastron manual (also in the reference `modbus-devices.md`).
    enum Address {
        static let voltageL1 = 0x0000, currentL1 = 0x0006, powerL1 = 0x000C
        static let totalPower = 0x0034, totalVA = 0x0038, totalVAr = 0x003C, totalPF = 0x003E
        static let frequency = 0x0046, importKWh = 0x0048, exportKWh = 0x004A, totalKWh = 0x0156
    }

    init(device: Device, householdIndex: Int, seed: UInt64, annualWh: Double) {
        self.device = device
        self.householdIndex = householdIndex
        noise = SeededNoise(seed: seed)
        stream = SeededNoise.stream("sdm630.\(device.id)")
        registerState = Mutex(
            DeviceRegisterState(
                counterBaseWh: initialCounterWh(device: device, seed: seed, typicalAnnualWh: annualWh)))
        exportBaseWh = Mutex(initialCounterWh(device: device, seed: seed &+ 1, typicalAnnualWh: annualWh / 2))
    }

    func refresh(_ bank: RegisterBank, from simulation: VillageSimulation) {
        let home = simulation.households[householdIndex]
        let state = registerState.withLock { $0 }
        var image = WordImage(base: 0, count: space.inputRegisters.count)
        let minute = simulation.now / 60
        let shares = [0.45, 0.33, 0.22]
        let powerFactor = 0.96
        // The roof PV is behind the meter: the meter sees the home's net draw (negative when exporting).
        let netW = home.powerW - home.roofPVPowerW
        for phase in 0..<3 {
            let volts = 230 + 2.5 * noise.signed(stream &+ UInt64(phase), minute)
            let watts = netW * shares[phase]
            image.float32(Address.voltageL1 + 2 * phase, volts)
            image.float32(Address.currentL1 + 2 * phase, watts / volts / powerFactor)
            image.float32(Address.powerL1 + 2 * phase, watts)
        }
        let apparent = abs(netW) / powerFactor
        image.float32(Address.totalPower, netW)
        image.float32(Address.totalVA, apparent)
        image.float32(Address.totalVAr, (apparent * apparent - netW * netW).squareRoot())
        image.float32(Address.totalPF, powerFactor)
        image.float32(Address.frequency, 60 + 0.03 * noise.signed(stream &+ 7, minute))
        // The meter shows 0.01 kWh; a float32 keeps that resolution up to ~80 MWh.
        let importKWh = ((state.counterBaseWh + home.meterImport.total) / 10).rounded(.down) / 100
        let exportKWh = ((exportBaseWh.withLock { $0 } + home.meterExport.total) / 10).rounded(.down) / 100
        image.float32(Address.importKWh, importKWh)
        image.float32(Address.exportKWh, exportKWh)
        image.float32(Address.totalKWh, importKWh + exportKWh)
        if state.notImplemented {
            image.words = image.words.enumerated().map { $0.offset % 2 == 0 ? 0x7FC0 : 0 }
        }
        bank.setInputRegisters(image.words, at: 0)
    }

    func replaceMeter(in simulation: VillageSimulation) {
        restartCounter(at: simulation.households[householdIndex].meterImport.total)
        exportBaseWh.withLock { $0 = -simulation.households[householdIndex].meterExport.total }
    }
}
