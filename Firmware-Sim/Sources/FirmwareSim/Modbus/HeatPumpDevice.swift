import Foundation
import Modbus
import Site
import Synchronization

/// A heat pump of the heat plant, or the tank sensor (same profile, no controls). Every unit reports
/// both tanks so one read shows the plant's state.
///
/// Holding registers (read/write): 0 enable (0 off, 1 on), 1 electric power setpoint in 0.1 kW
/// (0 = full power), 2 tank (0 automatic, 1 hot, 2 cold), 3 control source (read-only: 0 local
/// controller, 1 remote command). Writes are held for an hour, then the local controller resumes.
///
/// Input registers (float32 ABCD unless noted): 0 electric W, 2 thermal W, 4 COP, 6 state (u16:
/// 0 off, 1 charging hot tank, 2 charging cold tank), 7 electricity Wh (u32), 9 heat to hot tank Wh
/// (u32), 11 cold to cold tank Wh (u32), 13 source °C, 15 hot tank kWh, 17 hot tank %, 19 cold tank
/// kWh, 21 cold tank %, 23 outdoor air °C.
final class HeatPumpDevice: ServedDevice {
    let device: Device
    /// Index in the site's heat pumps; `nil` for the tank sensor.
    let pumpIndex: Int?
    let machine: HeatPump?
    let registerState: Mutex<DeviceRegisterState>
    let space: RegisterSpace
    private let controls = Mutex((enabled: 1, setpoint10: 0, tank: 0))

    init(device: Device, pumpIndex: Int?, machine: HeatPump?, seed: UInt64) {
        self.device = device
        self.pumpIndex = pumpIndex
        self.machine = machine
        space = RegisterSpace(holdingRegisters: pumpIndex == nil ? 0..<0 : 0..<4, inputRegisters: 0..<25)
        registerState = Mutex(DeviceRegisterState(
            counterBaseWh: initialCounterWh(device: device, seed: seed, typicalAnnualWh: 50_000_000)))
    }

    func validate(_ write: RegisterWrite) -> ModbusException? {
        guard let machine, write.table == .holdingRegisters else { return .illegalDataAddress }
        for (index, value) in write.values.enumerated() {
            switch write.address + index {
            case 0: if value > 1 { return .illegalDataValue }
            case 1: if Double(value) * 100 > machine.electricPowerMaxKW * 1000 { return .illegalDataValue }
            case 2: if value > 2 { return .illegalDataValue }
            default: return .illegalDataAddress
            }
        }
        return nil
    }

    func apply(_ write: RegisterWrite, bank: RegisterBank, to simulation: VillageSimulation) {
        guard machine != nil else { return }
        let current = controls.withLock { controls in
            for (index, value) in write.values.enumerated() {
                switch write.address + index {
                case 0: controls.enabled = Int(value)
                case 1: controls.setpoint10 = Int(value)
                case 2: controls.tank = Int(value)
                default: break
                }
            }
            return controls
        }
        let tank: TankSide? = current.tank == 1 ? .hot : (current.tank == 2 ? .cold : nil)
        try? simulation.command(heatPump: device.id, enabled: current.enabled == 1,
                                powerW: current.setpoint10 > 0 ? Double(current.setpoint10) * 100 : nil, tank: tank)
    }

    func reboot(bank: RegisterBank, simulation: VillageSimulation) {
        controls.withLock { $0 = (1, 0, 0) }
    }

    func refresh(_ bank: RegisterBank, from simulation: VillageSimulation) {
        let state = registerState.withLock { $0 }
        var input = RegisterImage(base: 0, count: 25)
        if let pumpIndex {
            let pump = simulation.heatPumps[pumpIndex]
            input.float32(0, pump.electricPowerW)
            input.float32(2, pump.thermalPowerW)
            input.float32(4, pump.running ? pump.cop : 0)
            input.u16(6, pump.running ? (pump.tank == .hot ? 1 : 2) : 0)
            input.u32(7, Int64((state.counterBaseWh + pump.electricity.total).rounded(.down)))
            input.u32(9, Int64(pump.heatToHotTank.total.rounded(.down)))
            input.u32(11, Int64(pump.coldToColdTank.total.rounded(.down)))
            let source = machine?.source == .river ? simulation.ambient.riverTemperatureC : simulation.ambient.groundTemperatureC
            input.float32(13, source)
            let current = controls.withLock { $0 }
            let remote = pump.command != nil
            if !remote { controls.withLock { $0 = (1, 0, 0) } }
            var holding = RegisterImage(base: 0, count: 4)
            holding.u16(0, remote ? current.enabled : 1)
            holding.u16(1, remote ? current.setpoint10 : 0)
            holding.u16(2, remote ? current.tank : 0)
            holding.u16(3, remote ? 1 : 0)
            bank.setHoldingRegisters(holding.words, at: 0)
        }
        input.float32(15, simulation.hotTank.storedWh / 1000)
        input.float32(17, simulation.hotTank.chargePct)
        input.float32(19, simulation.coldTank.storedWh / 1000)
        input.float32(21, simulation.coldTank.chargePct)
        input.float32(23, simulation.ambient.airTemperatureC)
        if state.notImplemented {
            input.words = input.words.enumerated().map { $0.offset % 2 == 0 ? 0x7FC0 : 0 }
        }
        bank.setInputRegisters(input.words, at: 0)
    }

    func replaceMeter(in simulation: VillageSimulation) {
        guard let pumpIndex else { return }
        restartCounter(at: simulation.heatPumps[pumpIndex].electricity.total)
    }
}
