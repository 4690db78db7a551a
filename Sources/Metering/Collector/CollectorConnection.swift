import DeviceProfiles
import Dispatch
import Modbus

/// One Modbus TCP connection (a host and port) of the collector and the devices behind it.
///
/// Its client is used by one thread at a time: its own queue for reads that plan (a device's
/// first read, which may walk a SunSpec chain, and the read after a failure), or the pipeline
/// thread of ``CollectorReads`` for reads whose requests are planned. A cycle hands a connection to
/// exactly one of them and waits for it before the next. Errors name the device, not only the
/// connection it shares.
final class CollectorConnection: @unchecked Sendable {
    /// `host:port`, how logs and errors name the connection.
    let key: String
    let queue: DispatchQueue
    let client: ModbusClient
    private var readers: [String: DeviceReader] = [:]
    private var units: [String: Int] = [:]

    init(host: String, port: Int, defaultUnitId: Int, devices: [DeviceConnection.Device], responseTimeout: Duration)
        throws(ModbusError)
    {
        key = "\(host):\(port)"
        queue = DispatchQueue(label: "collector.\(key)")
        client = try ModbusClient(
            configuration: .init(
                transport: .tcp(host: host, port: port), unitID: defaultUnitId, responseTimeout: responseTimeout))
        for device in devices {
            readers[device.id] = DeviceReader(profile: device.profile, client: client, unitID: device.unitId)
            units[device.id] = device.unitId
        }
    }

    typealias Outcome = (deviceID: String, result: Result<DeviceReading, ModbusError>)

    /// The pipeline's share of a cycle: every device's planned requests, or nil when one of them has
    /// none yet (the connection is then read on its own queue, where reads plan).
    func lane(for deviceIDs: [String]) -> TCPReadPipeline.Lane? {
        var batches: [TCPReadPipeline.Batch] = []
        batches.reserveCapacity(deviceIDs.count)
        for id in deviceIDs {
            guard let reader = readers[id], let requests = reader.plannedRequests else { return nil }
            batches.append(
                TCPReadPipeline.Batch(
                    unit: reader.unitID,
                    reads: requests.map { .init(holding: $0.table == .holding, address: $0.start, count: $0.count) }))
        }
        return TCPReadPipeline.Lane(client: client, batches: batches)
    }

    /// Decodes what the pipeline read for `deviceIDs` (the lane made by ``lane(for:)``).
    func outcomes(_ deviceIDs: [String], from results: [Result<[[UInt16]], ModbusError>]) -> [Outcome] {
        zip(deviceIDs, results).map { id, result in
            guard let reader = readers[id] else { return (id, .failure(unknown(id))) }
            do throws(ModbusError) {
                switch result {
                case .success(let words): return (id, .success(try reader.decode(plannedWords: words)))
                case .failure(let error):
                    reader.forgetPlan()
                    throw error
                }
            } catch {
                return (id, .failure(named(error, id)))
            }
        }
    }

    /// Reads the devices one after the other with blocking requests; only on `queue`.
    func readPlanning(_ deviceIDs: [String]) -> [Outcome] {
        deviceIDs.map { id in
            guard let reader = readers[id] else { return (id, .failure(unknown(id))) }
            do throws(ModbusError) {
                return (id, .success(try reader.read()))
            } catch {
                return (id, .failure(named(error, id)))
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

    private func unknown(_ id: String) -> ModbusError {
        ModbusError(code: .invalidRequest, device: id, operation: "read", message: "not on \(key)")
    }

    private func named(_ error: ModbusError, _ id: String) -> ModbusError {
        var named = error
        named.device = "\(id) (\(key) unit \(units[id] ?? 0))"
        return named
    }
}
