import DeviceProfiles
import Dispatch
import Modbus
import Site

/// Reads a cycle's devices: connections whose devices all have planned requests go through one
/// ``TCPReadPipeline`` on one thread; the others read on their own queues meanwhile, so that a
/// device being discovered, or failing and timing out, holds up only its own wire.
///
/// One thread multiplexing every connection wakes once for all the replies that have arrived, where
/// a thread per connection would cost the kernel a thread switch per reply: on a village polled
/// over loopback those switches, not the reads, were most of the collector's time.
final class CollectorReads: Sendable {
    let connections: [CollectorConnection]
    /// The position in `connections` of each device's connection.
    let connectionOfDevice: [String: Int]
    private let pipelineQueue = DispatchQueue(label: "collector.pipeline")
    private let decodeQueue = DispatchQueue(label: "collector.decode")

    /// One connection per host and port, in the order the devices first name them.
    init(devices collected: [CollectedDevice]) throws(CollectorError) {
        var byConnection: [String: [CollectedDevice]] = [:]
        var connectionOrder: [String] = []
        for device in collected {
            let key = "\(device.device.endpoint.host):\(device.device.endpoint.port)"
            if byConnection[key] == nil { connectionOrder.append(key) }
            byConnection[key, default: []].append(device)
        }
        var connections: [CollectorConnection] = []
        var connectionOfDevice: [String: Int] = [:]
        for key in connectionOrder {
            let group = byConnection[key]!
            let endpoint = group[0].device.endpoint
            do {
                connections.append(
                    try CollectorConnection(
                        host: endpoint.host, port: endpoint.port, defaultUnitId: endpoint.unitId,
                        devices: group.map {
                            .init(id: $0.device.id, unitId: $0.device.endpoint.unitId, profile: $0.profile)
                        },
                        responseTimeout: group.map(\.responseTimeout).max() ?? .seconds(1)))
            } catch {
                throw CollectorError(code: .configuration, subject: "connection \(key)", message: error.description)
            }
            for device in group { connectionOfDevice[device.device.id] = connections.count - 1 }
        }
        self.connections = connections
        self.connectionOfDevice = connectionOfDevice
    }

    /// `ids` grouped by connection, as ``read(_:)`` takes them.
    func due(_ ids: [String]) -> [[String]] {
        var due = [[String]](repeating: [], count: connections.count)
        for id in ids {
            guard let index = connectionOfDevice[id] else { continue }
            due[index].append(id)
        }
        return due
    }

    /// Reads `due[i]` on `connections[i]`; every outcome, grouped per connection.
    func read(_ due: [[String]]) async -> [[CollectorConnection.Outcome]] {
        await withCheckedContinuation { continuation in
            let group = DispatchGroup()
            let results = OutcomeSlots(count: connections.count)
            var lanes: [TCPReadPipeline.Lane] = []
            var laneOwners: [Int] = []
            for (index, ids) in due.enumerated() where !ids.isEmpty {
                let connection = connections[index]
                if let lane = connection.lane(for: ids) {
                    lanes.append(lane)
                    laneOwners.append(index)
                } else {
                    connection.queue.async(group: group) { results.set(index, connection.readPlanning(ids)) }
                }
            }
            if !lanes.isEmpty {
                let owners = laneOwners
                let work = PipelineWork(lanes: lanes)
                pipelineQueue.async(group: group) { [connections, decodeQueue] in
                    // Each connection's replies are decoded on their own thread as soon as its lane is
                    // done, while the pipeline thread goes on with the others' reads.
                    _ = TCPReadPipeline.run(work.lanes) { slot, laneResults in
                        let index = owners[slot]
                        let connection = connections[index]
                        decodeQueue.async(group: group) {
                            results.set(index, connection.outcomes(due[index], from: laneResults))
                        }
                    }
                }
            }
            group.notify(queue: pipelineQueue) { continuation.resume(returning: results.all) }
        }
    }

    /// The lanes handed to the pipeline thread; their clients are used there only until it ends.
    private struct PipelineWork: @unchecked Sendable {
        var lanes: [TCPReadPipeline.Lane]
    }

    /// Per-connection outcomes written by the threads that read them.
    private final class OutcomeSlots: @unchecked Sendable {
        private let lock = DispatchQueue(label: "collector.outcomes")
        private var slots: [[CollectorConnection.Outcome]]

        init(count: Int) { slots = Array(repeating: [], count: count) }

        func set(_ index: Int, _ outcomes: [CollectorConnection.Outcome]) { lock.sync { slots[index] = outcomes } }

        var all: [[CollectorConnection.Outcome]] { lock.sync { slots } }
    }
}
