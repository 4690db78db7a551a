import DeviceProfiles
import Dispatch
import Foundation
import Modbus

/// The collector's read path without the store: per connection a serial queue owning one
/// `ModbusClient` and a `DeviceReader` per device (as the collector's `ConnectionWorker` does), each
/// cycle waiting for every connection. The difference to the full collector is what recording costs.
final class StorelessPoller {
    /// One connection's client and readers, used only on its own queue.
    private final class Connection: @unchecked Sendable {
        let queue: DispatchQueue
        let client: ModbusClient
        let readers: [DeviceReader]
        var ok = 0
        var failed = 0

        init(key: String, client: ModbusClient, readers: [DeviceReader]) {
            queue = DispatchQueue(label: "storeless.\(key)")
            self.client = client
            self.readers = readers
        }

        func pollAll() {
            for reader in readers {
                do {
                    _ = try reader.read()
                    ok += 1
                } catch {
                    failed += 1
                }
            }
        }
    }

    private let connections: [Connection]

    init(village: BenchVillage, responseTimeout: Duration = .milliseconds(1000)) throws {
        connections = try village.connections.map { connection in
            let endpoint = connection.devices[0].endpoint
            let client = try ModbusClient(
                configuration: .init(
                    transport: .tcp(host: endpoint.host, port: endpoint.port), unitID: endpoint.unitId,
                    responseTimeout: responseTimeout))
            let readers = try connection.devices.map { device in
                DeviceReader(
                    profile: try village.profiles.profile(device.profile), client: client,
                    unitID: device.endpoint.unitId)
            }
            return Connection(key: connection.key, client: client, readers: readers)
        }
    }

    /// One cycle over every device, waiting for all connections.
    private func cycle() {
        let group = DispatchGroup()
        for connection in connections {
            connection.queue.async(group: group) { connection.pollAll() }
        }
        group.wait()
    }

    /// A warm-up cycle (connects, walks SunSpec chains), then `cycles` timed ones.
    func run(cycles: Int) -> ThroughputRun {
        cycle()
        for connection in connections {
            connection.queue.sync {
                connection.ok = 0
                connection.failed = 0
            }
        }
        let start = ContinuousClock.now
        let usage0 = ProcessUsage.now
        for _ in 0..<cycles { cycle() }
        let usage = ProcessUsage.now - usage0
        let seconds = (ContinuousClock.now - start).seconds
        var ok = 0
        var failed = 0
        for connection in connections {
            connection.queue.sync {
                ok += connection.ok
                failed += connection.failed
            }
        }
        return ThroughputRun(ok: ok, failed: failed, seconds: seconds, usage: usage)
    }

    func close() {
        for connection in connections { connection.queue.sync { connection.client.close() } }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
