import DeviceProfiles
import Foundation
import Logging
import Modbus
import ServiceSupport
import Site
import Synchronization

/// The simulated village serving every device of its site over Modbus TCP: the physics in a
/// `SimulationHost`, one multi-unit server per host and port, register images refreshed from the
/// physics, client writes turned into commands, and faults from a `FaultPlan`. The demo, the tests
/// and `village-sim` all start it in-process.
public final class SimulatedVillage: Sendable {
    /// The response timeout for clients that drive this village in lock step (the demo, dispatch
    /// simulations): the in-process simulator answers every request unless a fault says otherwise,
    /// so a timeout only has to catch a hang, and a busy machine's slow answer must not turn into
    /// a failed read that makes a run differ from the same run on a quiet machine.
    public static let lockStepResponseTimeout: Duration = .seconds(10)

    public let site: Site
    public let host: SimulationHost
    let servers: [String: ModbusTCPServer]
    let units: [ServedUnit]
    let faults: FaultPlan?
    let startTime: Int64
    private let logger: Logger
    private let faultBook = Mutex(FaultBook())

    /// A device, the bank that serves it and its server.
    struct ServedUnit: Sendable {
        let served: any ServedDevice
        let bank: RegisterBank
        let server: ModbusTCPServer
        let serverKey: String
    }

    /// One-shot fault events already carried out.
    struct FaultBook: Sendable {
        var done: Set<Int> = []
    }

    /// Builds the village at `start` (UTC Unix seconds). Nothing listens until `start()`.
    public init(
        site: Site, start: Int64, profiles: ProfileLibrary, faults: FaultPlan? = nil,
        truthSink: sending (any GroundTruthSink)? = nil, logger: Logger = Logger(label: "village-sim")
    ) throws {
        self.site = site
        self.faults = faults
        self.logger = logger
        let simulation = try VillageSimulation(site: site, start: start)
        simulation.truthSink = truthSink
        startTime = simulation.now
        host = SimulationHost(simulation)

        var servers: [String: ModbusTCPServer] = [:]
        var units: [ServedUnit] = []
        let limitedPorts = Set(
            (faults?.faults ?? []).filter {
                $0.kind == .singleClient && $0.probability >= 1
                    && $0.fromSeconds == nil && $0.untilSeconds == nil
            }
            .compactMap { fault in site.device(fault.device).map { Self.key($0.endpoint) } })
        for device in site.devices {
            let profile: DeviceProfile
            do {
                profile = try profiles.profile(device.profile)
            } catch {
                throw SimulatorSetupError(device: device.id, message: "profile: \(error.description)")
            }
            guard let served = Self.makeServed(device, profile: profile, site: site) else { continue }
            let key = Self.key(device.endpoint)
            let server =
                servers[key]
                ?? ModbusTCPServer(
                    configuration: .init(
                        host: device.endpoint.host, port: device.endpoint.port,
                        maxClients: limitedPorts.contains(key) ? 1 : nil, name: "village-sim \(key)"),
                    logger: logger)
            servers[key] = server
            let bank = server.addUnit(UInt8(device.endpoint.unitId), space: served.space)
            units.append(ServedUnit(served: served, bank: bank, server: server, serverKey: key))
        }
        self.servers = servers
        self.units = units
        for unit in units {
            let served = unit.served
            // The command takes effect before the reply goes out, as on a real device: the server
            // answers a write only after the validator, and tells observers after replying.
            unit.bank.validateWrites { [host, weak bank = unit.bank] write in
                guard let bank else { return .serverDeviceFailure }
                if let refusal = served.validate(write, bank: bank) { return refusal }
                host.withSimulation { simulation in served.apply(write, bank: bank, to: simulation) }
                return nil
            }
            unit.bank.observeWrites { [host, weak bank = unit.bank] _ in
                guard let bank else { return }
                host.withSimulation { simulation in served.refresh(bank, from: simulation) }
            }
        }
        refresh()
    }

    /// Marks a one-shot fault as carried out; true the first time only.
    func faultBookInsert(_ index: Int) -> Bool {
        faultBook.withLock { $0.done.insert(index).inserted }
    }

    static func key(_ endpoint: ModbusEndpoint) -> String { "\(endpoint.host):\(endpoint.port)" }

    private static func makeServed(_ device: Device, profile: DeviceProfile, site: Site) -> (any ServedDevice)? {
        let seed = site.seed
        let householdIndex = device.household.flatMap { unit in site.households.firstIndex { $0.unit == unit } }
        switch device.profile {
        case DeviceProfileName.householdMeter:
            guard let householdIndex else { return nil }
            return SDM630Device(
                device: device, householdIndex: householdIndex, seed: seed,
                annualWh: site.households[householdIndex].habits.annualApplianceEnergyKWh * 1000)
        case DeviceProfileName.pvInverter:
            if let householdIndex, let generator = site.households[householdIndex].roofPV {
                return SunSpecInverterDevice(
                    device: device, source: .roof(householdIndex), generator: generator, seed: seed)
            }
            if let index = site.sharedPV.firstIndex(where: { $0.inverter == device.id }) {
                return SunSpecInverterDevice(
                    device: device, source: .shared(index), generator: site.sharedPV[index].generator, seed: seed)
            }
            return nil
        case DeviceProfileName.mbusGateway:
            guard let householdIndex else { return nil }
            return MBusGatewayDevice(device: device, householdIndex: householdIndex, profile: profile, seed: seed)
        case DeviceProfileName.storage:
            return SunSpecStorageDevice(device: device, ess: site.ess, profile: profile, seed: seed)
        case DeviceProfileName.heatPump:
            let index = site.heatPlant.heatPumps.firstIndex { $0.device == device.id }
            return HeatPumpDevice(
                device: device, pumpIndex: index, machine: index.map { site.heatPlant.heatPumps[$0] },
                profile: profile, seed: seed)
        case DeviceProfileName.gridMeter:
            return SunSpecMeterDevice(device: device, seed: seed)
        default:
            return nil
        }
    }

    /// The addresses served and what answers on each, in port order.
    public var endpoints: [ServedEndpoint] {
        var byKey: [String: (host: String, port: Int, units: [ServedEndpoint.Unit])] = [:]
        for unit in units {
            let endpoint = unit.served.device.endpoint
            var entry =
                byKey[unit.serverKey] ?? (endpoint.host, unit.server.port == 0 ? endpoint.port : unit.server.port, [])
            entry.units.append(
                .init(unitId: endpoint.unitId, device: unit.served.device.id, profile: unit.served.device.profile))
            byKey[unit.serverKey] = entry
        }
        return byKey.values.map {
            ServedEndpoint(host: $0.host, port: $0.port, units: $0.units.sorted { $0.unitId < $1.unitId })
        }
        .sorted { ($0.port, $0.host) < ($1.port, $1.host) }
    }

    /// Devices the site lists that this simulator cannot serve (unknown profile).
    public var unservedDevices: [String] {
        let served = Set(units.map(\.served.device.id))
        return site.devices.map(\.id).filter { !served.contains($0) }
    }

    /// Starts every server. If one cannot listen, the ones already started are stopped again and the
    /// error names the address and its devices.
    public func start() throws(SimulatorStartError) {
        var started: [ModbusTCPServer] = []
        for key in servers.keys.sorted() {
            guard let server = servers[key] else { continue }
            do {
                try server.start()
                started.append(server)
            } catch {
                for server in started { server.stop() }
                let devices = units.filter { $0.serverKey == key }.map(\.served.device.id)
                throw SimulatorStartError(
                    host: server.configuration.host, port: server.configuration.port, devices: devices,
                    reason: error.message, portInUse: error.code == .system(EADDRINUSE))
            }
        }
    }

    /// Stops every server and flushes the ground truth.
    public func stop() {
        for server in servers.values { server.stop() }
        try? host.withSimulation { try $0.truthSink?.flush() }
    }

    /// Moves simulated time forward and updates every device's registers.
    public func advance(seconds: Int64) throws {
        try host.advance(seconds: seconds)
        refresh()
    }

    /// Drives time from a clock until cancelled or, in a service group, until graceful shutdown
    /// (`.step` returns at once), refreshing registers after every move. `alreadyElapsed` is wall
    /// time the timeline ran before this call: the physics catch up to it first (a simulator
    /// restarted onto a timeline that a daemon is following).
    public func run<C: Clock>(mode: TimeMode, clock: C, alreadyElapsed: Duration = .zero) async throws
    where C.Duration == Duration {
        guard let speed = mode.speed, speed > 0 else { return }
        let startInstant = clock.now.advanced(by: .zero - alreadyElapsed)
        let (startSimulated, stepSeconds) = host.withSimulation { ($0.now, $0.stepSeconds) }
        let wallPerStep = Duration.seconds(Double(stepSeconds) / speed)
        // One tick per physics step on the timeline's grid; a late or anchored start, or a slow
        // refresh, skips ahead to the step due rather than making up the ones missed.
        try await forEachTick(every: wallPerStep, from: startInstant, clock: clock) { _ in
            let elapsed = startInstant.duration(to: clock.now)
            let target = startSimulated + Int64(elapsed.secondsDouble * speed)
            try host.withSimulation { try $0.run(until: target) }
            refresh()
        }
    }

    /// Rewrites every device's registers from the simulation and applies the faults due now.
    public func refresh() {
        host.withSimulation { simulation in
            applyFaults(simulation)
            for unit in units {
                unit.served.refresh(unit.bank, from: simulation)
            }
        }
    }
}
