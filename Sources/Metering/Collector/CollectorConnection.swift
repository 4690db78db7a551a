import DeviceProfiles
import Dispatch
import Modbus

/// One Modbus TCP connection (a host and port) of the collector and the devices behind it: a
/// ``DeviceConnection`` whose reads can also go through the pipeline of ``CollectorReads``.
///
/// Its client is used by one thread at a time: the connection's own queue for reads that plan (a
/// device's first read, which may walk a SunSpec chain, and the read after a failure), or the
/// pipeline thread for reads whose requests are planned. A cycle hands a connection to exactly one
/// of them and waits for it before the next. Errors name the device, not only the connection it
/// shares.
final class CollectorConnection: Sendable {
    let connection: DeviceConnection

    /// `host:port`, how logs and errors name the connection.
    var key: String { connection.key }
    var queue: DispatchQueue { connection.queue }

    init(host: String, port: Int, defaultUnitId: Int, devices: [DeviceConnection.Device], responseTimeout: Duration)
        throws(ModbusError)
    {
        connection = try DeviceConnection(
            host: host, port: port, defaultUnitId: defaultUnitId, devices: devices, responseTimeout: responseTimeout,
            label: "collector")
    }

    typealias Outcome = (deviceID: String, result: Result<DeviceReading, ModbusError>)

    /// The pipeline's share of a cycle: every device's planned requests, or nil when one of them has
    /// none yet (the connection is then read on its own queue, where reads plan).
    func lane(for deviceIDs: [String]) -> TCPReadPipeline.Lane? {
        var batches: [TCPReadPipeline.Batch] = []
        batches.reserveCapacity(deviceIDs.count)
        for id in deviceIDs {
            guard let reader = connection.reader(id), let requests = reader.plannedRequests else { return nil }
            batches.append(
                TCPReadPipeline.Batch(
                    unit: reader.unitID,
                    reads: requests.map { .init(holding: $0.table == .holding, address: $0.start, count: $0.count) }))
        }
        return TCPReadPipeline.Lane(client: connection.client, batches: batches)
    }

    /// Decodes what the pipeline read for `deviceIDs` (the lane made by ``lane(for:)``).
    func outcomes(_ deviceIDs: [String], from results: [Result<[[UInt16]], ModbusError>]) -> [Outcome] {
        zip(deviceIDs, results).map { id, result in
            guard let reader = connection.reader(id) else { return (id, .failure(connection.unknown(id, "read"))) }
            do throws(ModbusError) {
                switch result {
                case .success(let words): return (id, .success(try reader.decode(plannedWords: words)))
                case .failure(let error):
                    reader.forgetPlan()
                    throw error
                }
            } catch {
                return (id, .failure(connection.named(error, id)))
            }
        }
    }

    /// Reads the devices one after the other with blocking requests; only on `queue`.
    func readPlanning(_ deviceIDs: [String]) -> [Outcome] {
        deviceIDs.map { id in
            do throws(ModbusError) {
                return (id, .success(try connection.readNow(id)))
            } catch {
                return (id, .failure(error))
            }
        }
    }

    /// Closes the connection, on its own queue.
    func close() async {
        await connection.close()
    }
}
