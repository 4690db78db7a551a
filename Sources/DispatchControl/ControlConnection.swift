import DeviceProfiles
import Dispatch
import Modbus
import Site

/// One Modbus connection (host and port) and the controlled devices behind it.
///
/// Owns its libmodbus context and uses it only on its own serial queue, off the async thread pool,
/// as the collector's connections do; reads and writes of one device never interleave with another's.
final class ControlConnection: @unchecked Sendable {
    let key: String
    private let queue: DispatchQueue
    private let client: ModbusClient
    private var readers: [String: DeviceReader] = [:]
    private var units: [String: Int] = [:]

    init(endpoint: ModbusEndpoint, devices: [(id: String, unitId: Int, profile: DeviceProfile)], responseTimeout: Duration) throws(ModbusError) {
        key = "\(endpoint.host):\(endpoint.port)"
        queue = DispatchQueue(label: "dispatch.\(key)")
        client = try ModbusClient(
            configuration: .init(transport: .tcp(host: endpoint.host, port: endpoint.port), unitID: endpoint.unitId,
                                 responseTimeout: responseTimeout))
        for device in devices {
            readers[device.id] = DeviceReader(profile: device.profile, client: client, unitID: device.unitId)
            units[device.id] = device.unitId
        }
    }

    /// Reads every field and control point of a device.
    func read(_ deviceID: String) async throws(ModbusError) -> DeviceReading {
        let result: Result<DeviceReading, ModbusError> = await withCheckedContinuation { continuation in
            queue.async { [self] in
                guard let reader = readers[deviceID] else {
                    continuation.resume(returning: .failure(unknown(deviceID, "read")))
                    return
                }
                do throws(ModbusError) {
                    continuation.resume(returning: .success(try reader.read()))
                } catch {
                    continuation.resume(returning: .failure(named(error, deviceID)))
                }
            }
        }
        return try result.get()
    }

    /// Writes holding registers of a device, each run with one request, in order.
    func write(_ deviceID: String, runs: [(address: Int, words: [UInt16])]) async throws(ModbusError) {
        let result: Result<Void, ModbusError> = await withCheckedContinuation { continuation in
            queue.async { [self] in
                guard let unit = units[deviceID] else {
                    continuation.resume(returning: .failure(unknown(deviceID, "write")))
                    return
                }
                do throws(ModbusError) {
                    for run in runs {
                        if run.words.count == 1 {
                            try client.writeRegister(at: run.address, value: run.words[0], unit: unit)
                        } else {
                            try client.writeRegisters(at: run.address, values: run.words, unit: unit)
                        }
                    }
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(named(error, deviceID)))
                }
            }
        }
        try result.get()
    }

    func close() async {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                client.close()
                continuation.resume()
            }
        }
    }

    private func unknown(_ id: String, _ operation: String) -> ModbusError {
        ModbusError(code: .invalidRequest, device: id, operation: operation, message: "not on \(key)")
    }

    private func named(_ error: ModbusError, _ id: String) -> ModbusError {
        var named = error
        named.device = "\(id) (\(key) unit \(units[id] ?? 0))"
        return named
    }
}
