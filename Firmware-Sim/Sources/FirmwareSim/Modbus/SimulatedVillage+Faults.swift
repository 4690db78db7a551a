import Modbus
import Site
import Synchronization

extension SimulatedVillage {
    /// Sets or clears each unit's server fault, client limits, "not implemented" values, and carries
    /// out meter replacements and reboots that are due.
    func applyFaults(_ simulation: VillageSimulation) {
        guard let plan = faults else { return }
        let elapsed = simulation.now - startTime
        let slot = simulation.now / VillageSimulation.intervalSeconds
        let noise = SeededNoise(seed: plan.seed)
        var serverFaults: [Int: ServerFault] = [:]
        var notImplemented: Set<Int> = []
        var limited: Set<String> = []
        for (index, fault) in plan.faults.enumerated() {
            guard let unitIndex = units.firstIndex(where: { $0.served.device.id == fault.device }) else { continue }
            let unit = units[unitIndex]
            switch fault.kind {
            case .meterReplacement:
                guard let at = fault.atSeconds, elapsed >= at else { continue }
                let due = faultBookInsert(index)
                if due { unit.served.replaceMeter(in: simulation) }
                continue
            case .reboot:
                guard let at = fault.atSeconds, elapsed >= at else { continue }
                // Power goes: the controls reset at once; the device answers again after the duration.
                if faultBookInsert(index) {
                    unit.served.reboot(bank: unit.bank, simulation: simulation)
                    unit.served.registerState.withLock { $0.reboots += 1 }
                }
                if elapsed < at + fault.durationSeconds {
                    serverFaults[unitIndex] = .dropConnection
                }
                continue
            default:
                break
            }
            if let from = fault.fromSeconds, elapsed < from { continue }
            if let until = fault.untilSeconds, elapsed >= until { continue }
            if fault.probability < 1 {
                let stream = SeededNoise.stream("fault.\(index).\(fault.device)")
                guard noise.unit(stream, slot) < fault.probability else { continue }
            }
            switch fault.kind {
            case .slowReply:
                serverFaults[unitIndex] = serverFaults[unitIndex] ?? .delay(.milliseconds(fault.delayMs ?? 300))
            case .lateReply:
                serverFaults[unitIndex] = serverFaults[unitIndex] ?? .delay(.milliseconds(fault.delayMs ?? 1_500))
            case .noReply:
                serverFaults[unitIndex] = .noReply
            case .exception:
                let exception = ModbusException(rawValue: UInt8(fault.code ?? 4)) ?? .serverDeviceFailure
                serverFaults[unitIndex] = .exception(exception)
            case .dropConnection:
                serverFaults[unitIndex] = .dropConnection
            case .singleClient:
                limited.insert(unit.serverKey)
            case .notImplemented:
                notImplemented.insert(unitIndex)
            case .meterReplacement, .reboot:
                break
            }
        }
        for (index, unit) in units.enumerated() {
            unit.server.setFault(serverFaults[index], unit: UInt8(unit.served.device.endpoint.unitId))
            let flag = notImplemented.contains(index)
            unit.served.registerState.withLock { $0.notImplemented = flag }
        }
        let singleClientKeys = Set(
            plan.faults.filter { $0.kind == .singleClient }
                .compactMap { fault in site.device(fault.device).map { Self.key($0.endpoint) } })
        for key in singleClientKeys {
            servers[key]?.setMaxClients(limited.contains(key) ? 1 : nil)
        }
    }
}
