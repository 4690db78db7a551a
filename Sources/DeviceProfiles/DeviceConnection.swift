import Dispatch
import Modbus

/// One Modbus connection (a TCP host and port) and the devices behind it, as the collector and
/// the dispatch controller use it.
///
/// Owns the connection's libmodbus context and uses it only on its own serial queue, off the async
/// thread pool: a slow device blocks no one but the devices sharing its wire, and the reads and
/// writes of one device never interleave with another's (as a gateway or bus requires). Errors name
/// the device, not only the connection it shares.
package final class DeviceConnection: @unchecked Sendable {
    /// A device on the connection: its id, Modbus unit and register profile.
    package struct Device: Sendable {
        public var id: String
        public var unitId: Int
        public var profile: DeviceProfile

        public init(id: String, unitId: Int, profile: DeviceProfile) {
            self.id = id
            self.unitId = unitId
            self.profile = profile
        }
    }

    /// `host:port`, how logs and errors name the connection.
    package let key: String
    /// The only queue the client is used on, unless a caller holding it off this queue hands the
    /// client to one other thread meanwhile (the collector's read pipeline).
    package let queue: DispatchQueue
    package let client: ModbusClient
    private var readers: [String: DeviceReader] = [:]
    private var units: [String: Int] = [:]

    /// - Parameter label: names the connection's queue (`collector`, `dispatch`) in debuggers.
    package init(
        host: String, port: Int, defaultUnitId: Int, devices: [Device], responseTimeout: Duration, label: String
    ) throws(ModbusError) {
        key = "\(host):\(port)"
        queue = DispatchQueue(label: "\(label).\(key)")
        client = try ModbusClient(
            configuration: .init(
                transport: .tcp(host: host, port: port), unitID: defaultUnitId, responseTimeout: responseTimeout))
        for device in devices {
            readers[device.id] = DeviceReader(profile: device.profile, client: client, unitID: device.unitId)
            units[device.id] = device.unitId
        }
    }

    /// Reads every field and control point of one device.
    package func read(_ deviceID: String) async throws(ModbusError) -> DeviceReading {
        try await onQueue { () throws(ModbusError) in try self.readNow(deviceID) }
    }

    /// Reads the given devices one after the other; each outcome on its own, in the given order.
    package func read(_ deviceIDs: [String]) async -> [(deviceID: String, result: Result<DeviceReading, ModbusError>)] {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                continuation.resume(
                    returning: deviceIDs.map { id in
                        do throws(ModbusError) {
                            return (id, .success(try readNow(id)))
                        } catch {
                            return (id, .failure(error))
                        }
                    })
            }
        }
    }

    /// Writes holding registers of a device, each run with one request, in order.
    package func write(_ deviceID: String, runs: [(address: Int, words: [UInt16])]) async throws(ModbusError) {
        try await onQueue { () throws(ModbusError) in
            guard let unit = self.units[deviceID] else { throw self.unknown(deviceID, "write") }
            do throws(ModbusError) {
                for run in runs {
                    if run.words.count == 1 {
                        try self.client.writeRegister(at: run.address, value: run.words[0], unit: unit)
                    } else {
                        try self.client.writeRegisters(at: run.address, values: run.words, unit: unit)
                    }
                }
            } catch {
                throw self.named(error, deviceID)
            }
        }
    }

    /// Closes the connection, on its own queue.
    package func close() async {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                client.close()
                continuation.resume()
            }
        }
    }

    /// Runs `body` on the connection's queue and hands back its result.
    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws(ModbusError) -> T) async throws(ModbusError)
        -> T
    {
        let result: Result<T, ModbusError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(ModbusError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// The reader of a device on this connection.
    package func reader(_ deviceID: String) -> DeviceReader? { readers[deviceID] }

    /// Reads one device now, with blocking requests: only on the queue.
    package func readNow(_ deviceID: String) throws(ModbusError) -> DeviceReading {
        guard let reader = readers[deviceID] else { throw unknown(deviceID, "read") }
        do throws(ModbusError) {
            return try reader.read()
        } catch {
            throw named(error, deviceID)
        }
    }

    package func unknown(_ id: String, _ operation: String) -> ModbusError {
        ModbusError(code: .invalidRequest, device: id, operation: operation, message: "not on \(key)")
    }

    /// `error` naming the device and where it is on the connection.
    package func named(_ error: ModbusError, _ id: String) -> ModbusError {
        var named = error
        named.device = "\(id) (\(key) unit \(units[id] ?? 0))"
        return named
    }
}
