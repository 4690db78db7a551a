import DeviceProfiles
import Foundation
import Modbus
import Site
import Synchronization

/// An M-Bus → Modbus TCP gateway carrying one home's water, heating, cooling and hot-water meters,
/// laid out as `Meters/mbus-gateway.yaml` describes (10-register records; per meter k a meter record
/// at 10 + 20k and its value record at 20 + 20k). Heat meters count whole kWh (exponent 3, unit Wh),
/// water meters whole litres (exponent −3, unit m³), as typical M-Bus meters do.
final class MBusGatewayDevice: ServedDevice {
    let device: Device
    let householdIndex: Int
    let registerState: Mutex<DeviceRegisterState>
    let space: RegisterSpace
    private let template: DeviceImageBuilder
    /// Record headers the profile does not name (types, manufacturer, counts), laid over the image.
    private let headers: DeviceProfiles.RegisterImage
    private let serialBase: Int64

    /// M-Bus medium codes and the gateway's unit codes.
    enum Code {
        static let water = 0x07, heat = 0x04, heatCooling = 0x0D, warmWater = 0x06
        static let unitWh = 5, unitCubicMetres = 6
    }

    /// Meter k: (name prefix in the profile, medium).
    static let meters: [(String, Int)] = [
        ("water", Code.water), ("heating", Code.heat), ("cooling", Code.heatCooling),
        ("hotwater", Code.warmWater),
    ]

    init(device: Device, householdIndex: Int, profile: DeviceProfile, seed: UInt64) {
        self.device = device
        self.householdIndex = householdIndex
        registerState = Mutex(DeviceRegisterState(counterBaseWh: 0))
        serialBase =
            21_000_000 + Int64(SeededNoise(seed: seed).unit(SeededNoise.stream("mbus.\(device.id)"), 0) * 900_000) * 10
        var template = DeviceImageBuilder(profile: profile)
        var headers = DeviceProfiles.RegisterImage()
        headers.store([1, 0x0102], table: .holding, at: 2)  // protocol version, firmware
        headers.store([1, 4], table: .holding, at: 6)  // record type gateway, meter count
        let manufacturer = UInt16(
            (Int(UInt8(ascii: "S")) - 64) << 10 | (Int(UInt8(ascii: "I")) - 64) << 5
                | (Int(UInt8(ascii: "M")) - 64))
        for (index, (name, medium)) in Self.meters.enumerated() {
            let meterRecord = 10 + 20 * index
            try? template.set("\(name)_serial", to: Double(serialBase + Int64(index) + 1))
            headers.store([manufacturer], table: .holding, at: meterRecord + 2)
            try? template.set("\(name)_medium", to: Double(1 << 8 | medium))
            headers.store([2, 0, 1], table: .holding, at: meterRecord + 6)
            let energy = name == "heating" || name == "cooling"
            try? template.set("\(name)_exponent", to: energy ? 3 : -3)
            try? template.set("\(name)_unit", to: Double(energy ? Code.unitWh : Code.unitCubicMetres))
        }
        try? template.set("gateway_serial", to: Double(serialBase))
        self.template = template
        self.headers = headers
        space = template.space
    }

    func refresh(_ bank: RegisterBank, from simulation: VillageSimulation) {
        let state = registerState.withLock { $0 }
        let home = simulation.households[householdIndex]
        var image = template
        var overlay = headers
        let time = UInt32(clamping: simulation.now)
        let timeWords = [UInt16(time >> 16), UInt16(time & 0xFFFF)]
        try? image.set("gateway_time", to: Double(time))
        let readings: [Double] = [
            (home.waterVolume.total / 1000 * 1000).rounded(.down) / 1000,  // m³ with litre resolution
            (home.heating.total / 1000).rounded(.down) * 1000,  // Wh with kWh resolution
            (home.cooling.total / 1000).rounded(.down) * 1000,
            home.hotWaterVolume.total.rounded(.down) / 1000,
        ]
        for (index, (name, _)) in Self.meters.enumerated() {
            let valueRecord = 20 + 20 * index
            let reading = state.notImplemented ? nil : readings[index]
            try? image.set("\(name)_\(name == "heating" || name == "cooling" ? "energy" : "volume")", to: reading)
            var float: [UInt16] = [0x7FC0, 0]
            if let reading {
                let bits = Float(reading).bitPattern
                float = [UInt16(bits >> 16), UInt16(bits & 0xFFFF)]
            }
            overlay.store(float, table: .holding, at: valueRecord + 4)
            overlay.store(timeWords, table: .holding, at: valueRecord + 8)
            overlay.store(timeWords, table: .holding, at: valueRecord - 10 + 4)
        }
        bank.load([image.image, overlay])
    }
}
