import DeviceProfiles
import Dispatch
import Modbus
import Site

/// One connection (a TCP host and port, or one serial line) and the devices behind it.
///
/// Owns the connection's libmodbus context and uses it only on its own serial queue, off the
/// async thread pool, so a slow device blocks no one but the devices sharing its wire. Devices on
/// one connection are polled in turn, as a gateway or bus requires.
final class ConnectionWorker: @unchecked Sendable {
    let key: String
    private let queue: DispatchQueue
    private let client: ModbusClient
    private var readers: [String: DeviceReader] = [:]
    private var units: [String: Int] = [:]

    init(endpoint: ModbusEndpoint, devices: [CollectedDevice]) throws(ModbusError) {
        key = "\(endpoint.host):\(endpoint.port)"
        queue = DispatchQueue(label: "collector.\(key)")
        let timeout = devices.map(\.responseTimeout).max() ?? .seconds(1)
        client = try ModbusClient(
            configuration: .init(
                transport: .tcp(host: endpoint.host, port: endpoint.port), unitID: endpoint.unitId,
                responseTimeout: timeout))
        for device in devices {
            readers[device.device.id] = DeviceReader(profile: device.profile, client: client, unitID: device.device.endpoint.unitId)
            units[device.device.id] = device.device.endpoint.unitId
        }
    }

    /// One device's outcome.
    struct Outcome: Sendable {
        var deviceID: String
        var result: Result<DeviceReading, ModbusError>
    }

    /// Reads the given devices one after the other on the connection's queue.
    func poll(_ deviceIDs: [String]) async -> [Outcome] {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                continuation.resume(returning: deviceIDs.map { id in
                    guard let reader = readers[id] else {
                        let error = ModbusError(code: .invalidRequest, device: id, operation: "poll", message: "not on \(key)")
                        return Outcome(deviceID: id, result: .failure(error))
                    }
                    do throws(ModbusError) {
                        return Outcome(deviceID: id, result: .success(try reader.read()))
                    } catch {
                        // Name the device, not only the connection it shares.
                        var named = error
                        named.device = "\(id) (\(key) unit \(units[id] ?? 0))"
                        return Outcome(deviceID: id, result: .failure(named))
                    }
                })
            }
        }
    }

    /// Closes the connection, on its own queue.
    func close() async {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                client.close()
                continuation.resume()
            }
        }
    }
}
