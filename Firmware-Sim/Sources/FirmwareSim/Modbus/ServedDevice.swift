import DeviceProfiles
import Modbus
import Site
import Synchronization

/// What the served side of a device can do beyond plain physics: a counter base (so meter
/// replacement can reset the register without touching the truth), and switches set by faults.
struct DeviceRegisterState: Sendable {
    /// Added to the simulated counters before they are written: the reading the meter had when the
    /// simulation started, or minus the count at a simulated replacement.
    var counterBaseWh: Double
    /// Write "not implemented" sentinels instead of values.
    var notImplemented = false
    /// Number of simulated reboots, shown in model 1's serial suffix to make them observable.
    var reboots = 0
}

/// One simulated device as served over Modbus: which registers it has, how they are filled from the
/// simulation, and which writes it accepts.
protocol ServedDevice: AnyObject, Sendable {
    var device: Device { get }
    var space: RegisterSpace { get }
    var registerState: Mutex<DeviceRegisterState> { get }

    /// Fills the bank from the simulation. Runs under the simulation's lock.
    func refresh(_ bank: RegisterBank, from simulation: VillageSimulation)

    /// Refuses a write the device would refuse: exception 2 for a read-only register, 3 for a value
    /// out of range. Runs on a server thread before the write lands.
    func validate(_ write: RegisterWrite, bank: RegisterBank) -> ModbusException?

    /// Acts on an accepted write (runs under the simulation's lock).
    func apply(_ write: RegisterWrite, bank: RegisterBank, to simulation: VillageSimulation)

    /// A simulated reboot: control registers go back to their defaults.
    func reboot(bank: RegisterBank, simulation: VillageSimulation)

    /// A simulated meter replacement: the served counters restart from zero (the truth does not).
    func replaceMeter(in simulation: VillageSimulation)
}

extension ServedDevice {
    func validate(_ write: RegisterWrite, bank: RegisterBank) -> ModbusException? { .illegalDataAddress }
    func apply(_ write: RegisterWrite, bank: RegisterBank, to simulation: VillageSimulation) {}
    func reboot(bank: RegisterBank, simulation: VillageSimulation) {}
    func replaceMeter(in simulation: VillageSimulation) {}

    var counterBaseWh: Double { registerState.withLock { $0.counterBaseWh } }
    var notImplemented: Bool { registerState.withLock { $0.notImplemented } }

    /// Restarts the served counter from zero at the given simulated count.
    func restartCounter(at currentCountWh: Double) {
        registerState.withLock { $0.counterBaseWh = -currentCountWh }
    }
}

/// The factory reading of a device's counters when the simulation starts: devices were installed
/// in late 2021, so their counters already hold a few seasons of energy (and an acc32 is never 0).
func initialCounterWh(device: Device, seed: UInt64, typicalAnnualWh: Double) -> Double {
    let noise = SeededNoise(seed: seed)
    let years = 2 + noise.unit(SeededNoise.stream("counter.\(device.id)"), 0)
    return (typicalAnnualWh * years).rounded(.down) + 1_000
}

extension RegisterBank {
    /// Loads several images (a profile image and an overlay) in one step, so clients never see half.
    func load(_ images: [DeviceProfiles.RegisterImage]) {
        withExclusiveAccess { editor in
            for image in images {
                for run in image.runs(table: .holding) { editor.setHoldingRegisters(run.words, at: run.address) }
                for run in image.runs(table: .input) { editor.setInputRegisters(run.words, at: run.address) }
            }
        }
    }
}
