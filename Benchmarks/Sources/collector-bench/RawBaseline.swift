import DeviceProfiles
import Foundation
import Modbus
import RawModbusLoop
import Site

/// The raw libmodbus baseline: the requests the collector sends for each device, computed from the
/// profiles exactly as `DeviceReader` plans them (SunSpec devices after walking their model chain),
/// handed to a C loop with one thread per connection.
final class RawBaseline {
    struct Request {
        var table: RegisterTable
        var start: Int
        var count: Int
    }

    struct PlannedDevice {
        var unit: Int
        var requests: [Request]
    }

    struct PlannedConnection {
        var host: String
        var port: Int
        var devices: [PlannedDevice]
    }

    let connections: [PlannedConnection]
    var deviceCount: Int { connections.reduce(0) { $0 + $1.devices.count } }
    var requestCount: Int { connections.reduce(0) { $0 + $1.devices.reduce(0) { $0 + $1.requests.count } } }

    init(village: BenchVillage) throws {
        connections = try village.connections.map { connection in
            let endpoint = connection.devices[0].endpoint
            let client = try ModbusClient(
                configuration: .init(transport: .tcp(host: endpoint.host, port: endpoint.port)))
            defer { client.close() }
            let devices = try connection.devices.map { device in
                let profile = try village.profiles.profile(device.profile)
                let requests = try Self.plan(profile, client: client, unit: device.endpoint.unitId, label: device.id)
                return PlannedDevice(
                    unit: device.endpoint.unitId,
                    requests: requests.map { Request(table: $0.table, start: $0.start, count: $0.count) })
            }
            return PlannedConnection(host: endpoint.host, port: endpoint.port, devices: devices)
        }
    }

    /// The requests `DeviceReader.read()` sends for one device.
    private static func plan(_ profile: DeviceProfile, client: ModbusClient, unit: Int, label: String) throws
        -> [RegisterBlock]
    {
        var blocks = profile.blocks
        if let requirements = profile.sunSpec {
            let map = try SunSpecMap.discover(
                bases: requirements.baseAddresses,
                reading: { (address: Int, count: Int) throws(ModbusError) -> [UInt16] in
                    try client.readHoldingRegisters(at: address, count: count, unit: unit)
                },
                device: label)
            let needed = requirements.requiredModels.compactMap { map.model($0) }
            blocks = ReadPlan.covering(models: needed, maxRegistersPerRequest: profile.maxRegistersPerRequest)
        }
        return ReadPlan(blocks: blocks, maxRegistersPerRequest: profile.maxRegistersPerRequest).requests
    }

    /// Runs `cycles` poll cycles in C and returns the device reads that succeeded, those that failed,
    /// and the seconds taken.
    func run(cycles: Int, responseTimeoutSeconds: Double = 1) -> ThroughputRun {
        // C arrays that live for the call: blocks, devices, connections, host strings.
        var blockStorage: [UnsafeMutablePointer<raw_block>] = []
        var deviceStorage: [UnsafeMutablePointer<raw_device>] = []
        var hosts: [UnsafeMutablePointer<CChar>] = []
        let cConnections = UnsafeMutablePointer<raw_connection>.allocate(capacity: connections.count)
        defer {
            for block in blockStorage { block.deallocate() }
            for device in deviceStorage { device.deallocate() }
            for host in hosts { free(host) }
            cConnections.deallocate()
        }
        for (index, connection) in connections.enumerated() {
            let devices = UnsafeMutablePointer<raw_device>.allocate(capacity: connection.devices.count)
            deviceStorage.append(devices)
            for (deviceIndex, device) in connection.devices.enumerated() {
                let blocks = UnsafeMutablePointer<raw_block>.allocate(capacity: max(1, device.requests.count))
                blockStorage.append(blocks)
                for (blockIndex, request) in device.requests.enumerated() {
                    blocks[blockIndex] = raw_block(
                        table: request.table == .holding ? 0 : 1, start: Int32(request.start),
                        count: Int32(request.count))
                }
                devices[deviceIndex] = raw_device(
                    unit: Int32(device.unit), block_count: Int32(device.requests.count), blocks: UnsafePointer(blocks))
            }
            guard let host = strdup(connection.host) else { fatalError("out of memory") }
            hosts.append(host)
            cConnections[index] = raw_connection(
                host: UnsafePointer(host), port: Int32(connection.port), device_count: Int32(connection.devices.count),
                devices: UnsafePointer(devices))
        }
        var result = raw_collector_result()
        // Around the whole C call: its threads' start and connects are in it, a few of 200 cycles.
        let usage0 = ProcessUsage.now
        let status = raw_collector_loop(
            cConnections, Int32(connections.count), Int32(cycles), responseTimeoutSeconds, &result)
        let usage = ProcessUsage.now - usage0
        precondition(status == 0, "raw collector loop could not start its threads")
        return ThroughputRun(
            ok: result.device_reads_ok, failed: result.device_reads_failed, seconds: result.seconds, usage: usage)
    }
}
