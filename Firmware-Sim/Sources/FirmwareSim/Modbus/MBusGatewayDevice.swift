import Foundation
import Modbus
import Site
import Synchronization

/// An M-Bus → Modbus TCP gateway carrying one home's heating, cooling, hot-water and water meters,
/// in the common record layout: holding registers, records of 10 registers, big-endian.
///
/// Record 0: gateway (serial u32, protocol version, firmware, Unix time u32, type 1, meter count).
/// Then per meter a meter record (serial u32, manufacturer as three 5-bit letters, version<<8 |
/// medium, time u32, type 2, flags, value-record count) followed by its value records (value i64 in
/// 0–3, float32 in 4–5, decimal exponent in 6, unit in 7, time u32 in 8–9). Units: 5 = Wh, 6 = m³.
/// Heat meters count whole kWh (exponent 3), water meters litres (exponent −3 in m³).
final class MBusGatewayDevice: ServedDevice {
    let device: Device
    let householdIndex: Int
    let registerState: Mutex<DeviceRegisterState>
    let space = RegisterSpace(holdingRegisters: 0..<(Layout.records * 10))
    private let serialBase: Int64

    enum Layout {
        /// Gateway, heating (meter + energy), cooling (meter + energy), hot water (meter + volume +
        /// energy), water (meter + volume).
        static let records = 10
        static let unitWh = 5
        static let unitCubicMetres = 6
    }

    /// Media as M-Bus codes them.
    enum Medium: Int { case heat = 0x04, warmWater = 0x06, water = 0x07, heatCooling = 0x0D }

    init(device: Device, householdIndex: Int, seed: UInt64) {
        self.device = device
        self.householdIndex = householdIndex
        registerState = Mutex(DeviceRegisterState(counterBaseWh: 0))
        serialBase = 21_000_000 + Int64(SeededNoise(seed: seed).unit(SeededNoise.stream("mbus.\(device.id)"), 0) * 900_000)
    }

    func refresh(_ bank: RegisterBank, from simulation: VillageSimulation) {
        let state = registerState.withLock { $0 }
        let home = simulation.households[householdIndex]
        let time = simulation.now
        var image = RegisterImage(base: 0, count: Layout.records * 10)
        image.u32(0, serialBase)
        image.u16(2, 1)
        image.u16(3, 0x0102)
        image.u32(4, time)
        image.u16(6, 1)
        image.u16(7, 4)
        let manufacturer = (Int(UInt8(ascii: "S")) - 64) << 10 | (Int(UInt8(ascii: "I")) - 64) << 5 | (Int(UInt8(ascii: "M")) - 64)
        var record = 1
        func meter(_ index: Int, _ medium: Medium, values: Int) {
            let base = record * 10
            image.u32(base, serialBase + Int64(index) + 1)
            image.u16(base + 2, manufacturer)
            image.u16(base + 3, 1 << 8 | medium.rawValue)
            image.u32(base + 4, time)
            image.u16(base + 6, 2)
            image.u16(base + 7, 0)
            image.u16(base + 8, values)
            record += 1
        }
        func value(_ raw: Int64, exponent: Int, unit: Int) {
            let base = record * 10
            if state.notImplemented {
                image.put(base, [0x8000, 0, 0, 0])
                image.float32(base + 4, .nan)
            } else {
                image.i64(base, raw)
                image.float32(base + 4, Double(raw) * pow10(exponent))
            }
            image.i16(base + 6, exponent)
            image.u16(base + 7, unit)
            image.u32(base + 8, time)
            record += 1
        }
        func kWh(_ counter: EnergyCounter, offset: Double) -> Int64 { Int64(((counter.total + offset) / 1000).rounded(.down)) }
        func litres(_ counter: EnergyCounter, offset: Double) -> Int64 { Int64((counter.total + offset).rounded(.down)) }
        let base = state.counterBaseWh
        meter(0, .heat, values: 1)
        value(kWh(home.heating, offset: base), exponent: 3, unit: Layout.unitWh)
        meter(1, .heatCooling, values: 1)
        value(kWh(home.cooling, offset: base), exponent: 3, unit: Layout.unitWh)
        meter(2, .warmWater, values: 2)
        value(litres(home.hotWaterVolume, offset: base / 100), exponent: -3, unit: Layout.unitCubicMetres)
        value(kWh(home.hotWater, offset: base), exponent: 3, unit: Layout.unitWh)
        meter(3, .water, values: 1)
        value(litres(home.waterVolume, offset: base / 10), exponent: -3, unit: Layout.unitCubicMetres)
        bank.setHoldingRegisters(image.words, at: 0)
    }
}
