import DeviceProfiles
import Foundation
import Modbus
import Site
import Synchronization

/// A heat pump of the heat plant, or the tank sensor (same `heat-pump` profile, no controls). Every
/// unit reports both tanks so one read shows the plant's state. Registers follow `Meters/heat-pump.yaml`.
///
/// Controls: `mode` 0 off, 1 on at `power_setpoint` (0 = full power), 2 automatic (the plant's own
/// night-charging controller); `target_tank` 0 hot, 1 cold; `revert_timeout` seconds after which an
/// unrefreshed command lapses back to automatic (0 = one hour).
final class HeatPumpDevice: ServedDevice {
    let device: Device
    /// Index in the site's heat pumps; `nil` for the tank sensor.
    let pumpIndex: Int?
    let machine: HeatPump?
    let registerState: Mutex<DeviceRegisterState>
    let space: RegisterSpace
    private let template: DeviceImageBuilder
    private let controlPoints: ProfileControls
    private let controls = Mutex((mode: 2, setpointKW: 0.0, tank: 0, revertSeconds: 0))
    /// Tank temperatures at empty and full charge, for the temperature sensors.
    static let hotTankReturnC = 40.0
    static let coldTankReturnC = 12.0

    init(device: Device, pumpIndex: Int?, machine: HeatPump?, profile: DeviceProfile, seed: UInt64) {
        self.device = device
        self.pumpIndex = pumpIndex
        self.machine = machine
        template = DeviceImageBuilder(profile: profile)
        controlPoints = ProfileControls(profile: profile, builder: template)
        space = template.space
        registerState = Mutex(
            DeviceRegisterState(
                counterBaseWh: initialCounterWh(device: device, seed: seed, typicalAnnualWh: 50_000_000)))
    }

    func validate(_ write: RegisterWrite, bank: RegisterBank) -> ModbusException? {
        guard let machine else { return .illegalDataAddress }
        switch controlPoints.decode(write, scaleFactor: { _ in 0 }) {
        case .refused(let exception):
            return exception
        case .accepted(let values):
            // The profile allows any pump up to 500 kW; this machine refuses more than it can draw.
            for (name, value) in values where name == "power_setpoint" && value > machine.electricPowerMaxKW + 1e-9 {
                return .illegalDataValue
            }
            return nil
        }
    }

    func apply(_ write: RegisterWrite, bank: RegisterBank, to simulation: VillageSimulation) {
        guard machine != nil, case .accepted(let values) = controlPoints.decode(write, scaleFactor: { _ in 0 }) else {
            return
        }
        let current = controls.withLock { controls in
            for (name, value) in values {
                switch name {
                case "mode": controls.mode = Int(value)
                case "power_setpoint": controls.setpointKW = value
                case "target_tank": controls.tank = Int(value)
                case "revert_timeout": controls.revertSeconds = Int(value)
                default: break
                }
            }
            return controls
        }
        if current.mode == 2 {
            simulation.releaseHeatPump(device.id)
            return
        }
        try? simulation.command(
            heatPump: device.id, enabled: current.mode == 1,
            powerW: current.setpointKW > 0 ? current.setpointKW * 1000 : nil,
            tank: current.tank == 1 ? .cold : .hot,
            holdSeconds: current.revertSeconds > 0 ? Int64(current.revertSeconds) : HeatPumpCommand.holdSeconds)
    }

    func reboot(bank: RegisterBank, simulation: VillageSimulation) {
        controls.withLock { $0 = (2, 0, 0, 0) }
        simulation.releaseHeatPump(device.id)
    }

    func refresh(_ bank: RegisterBank, from simulation: VillageSimulation) {
        let state = registerState.withLock { $0 }
        var image = template
        let hot = simulation.hotTank
        let cold = simulation.coldTank
        let hotC =
            Self.hotTankReturnC + hot.chargePct / 100
            * (simulation.site.heatPlant.hotTank.supplyTemperatureC - Self.hotTankReturnC)
        let coldC =
            Self.coldTankReturnC - cold.chargePct / 100
            * (Self.coldTankReturnC - simulation.site.heatPlant.coldTank.supplyTemperatureC)
        var values: [(String, Double?)] = [
            ("hot_tank_temperature", hotC), ("cold_tank_temperature", coldC),
            ("hot_tank_energy", hot.storedWh.rounded(.down)), ("cold_tank_energy", cold.storedWh.rounded(.down)),
            ("outdoor_temperature", simulation.ambient.airTemperatureC),
        ]
        if let pumpIndex, let machine {
            let pump = simulation.heatPumps[pumpIndex]
            let remote = pump.command != nil
            if !remote { controls.withLock { $0.mode = 2 } }
            let current = controls.withLock { $0 }
            values += [
                ("electric_power", pump.electricPowerW), ("thermal_power", pump.thermalPowerW),
                ("cop", pump.running ? pump.cop : 0),
                ("electric_energy", (state.counterBaseWh + pump.electricity.total).rounded(.down)),
                ("heat_delivered", pump.heatToHotTank.total.rounded(.down)),
                ("cooling_delivered", pump.coldToColdTank.total.rounded(.down)),
                ("state", pump.running ? (pump.tank == .hot ? 1 : 2) : 0),
                ("rated_power", machine.electricPowerMaxKW),
                ("mode", Double(remote ? current.mode : 2)), ("power_setpoint", remote ? current.setpointKW : 0),
                ("target_tank", Double(remote ? current.tank : (pump.tank == .cold ? 1 : 0))),
                ("revert_timeout", Double(current.revertSeconds)),
            ]
        } else {
            values += [
                ("electric_power", 0), ("thermal_power", 0), ("cop", 0), ("electric_energy", 0),
                ("heat_delivered", 0), ("cooling_delivered", 0), ("state", 0), ("rated_power", 0),
            ]
        }
        for (name, value) in values {
            let isMeasurement = !["mode", "power_setpoint", "target_tank", "revert_timeout", "rated_power"].contains(
                name)
            try? image.set(name, to: state.notImplemented && isMeasurement ? nil : value)
        }
        bank.load(image.image)
    }

    func replaceMeter(in simulation: VillageSimulation) {
        guard let pumpIndex else { return }
        restartCounter(at: simulation.heatPumps[pumpIndex].electricity.total)
    }
}
