import DeviceProfiles
import Dispatch
import Foundation
import Modbus
import Site

/// Reads a cycle's devices: connections whose devices all have planned requests go through
/// ``TCPReadPipeline``s, a few connections' worth on each pipeline thread; the others read on their
/// own queues meanwhile, so that a device being discovered, or failing and timing out, holds up
/// only its own wire.
///
/// A thread multiplexing many connections wakes once for all the replies that have arrived, where
/// a thread per connection would cost the kernel a thread switch per reply: on a village polled
/// over loopback those switches, not the reads, were most of the collector's time. One such thread
/// for the whole village, though, is a queue of its own: while it checks replies and sends the next
/// requests no other reply is taken in, and a second core waits. So there is one pipeline thread
/// per core, at least two, each with its share of the connections.
final class CollectorReads: Sendable {
    let connections: [CollectorConnection]
    /// The position in `connections` of each device's connection.
    let connectionOfDevice: [String: Int]
    /// One per core, at least two.
    private let pipelineQueues = (0..<max(2, ProcessInfo.processInfo.activeProcessorCount)).map {
        DispatchQueue(label: "collector.pipeline.\($0)")
    }
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
        await start(due).outcomes
    }

    /// Starts reading `due[i]` on `connections[i]` at once, on the pipeline threads and the
    /// connections' queues; the caller awaits ``CycleReads/outcomes`` when it needs them. The thread
    /// that finishes last hands the outcomes over itself, so the caller's resumption is the only
    /// hop between the last reply and the recording.
    func start(_ due: [[String]]) -> CycleReads {
        let cycle = CycleReads(count: connections.count)
        var lanes: [TCPReadPipeline.Lane] = []
        var laneOwners: [Int] = []
        var planning: [Int] = []
        for (index, ids) in due.enumerated() where !ids.isEmpty {
            if let lane = connections[index].lane(for: ids) {
                lanes.append(lane)
                laneOwners.append(index)
            } else {
                planning.append(index)
            }
        }
        let shares = Self.share(lanes.map(\.requestCount), among: pipelineQueues.count)
        // Each connection is one part; each pipeline thread holds one more until it has handed
        // every lane of its share to the decoder.
        cycle.expect(parts: lanes.count + planning.count + shares.count)
        for index in planning {
            let connection = connections[index]
            connection.queue.async { cycle.set(index, connection.readPlanning(due[index])) }
        }
        for (queue, share) in zip(pipelineQueues, shares) {
            let owners = share.map { laneOwners[$0] }
            let work = PipelineWork(lanes: share.map { lanes[$0] })
            queue.async { [connections, decodeQueue] in
                // Each connection's replies are decoded on their own thread as soon as its lane is
                // done, while the pipeline thread goes on with the others' reads.
                _ = TCPReadPipeline.run(work.lanes) { slot, laneResults in
                    let index = owners[slot]
                    let connection = connections[index]
                    decodeQueue.async { cycle.set(index, connection.outcomes(due[index], from: laneResults)) }
                }
                cycle.partDone()
            }
        }
        return cycle
    }

    /// Lanes (by their request counts) dealt to at most `threads` pipeline threads, largest first
    /// to the least loaded, so that no thread is left with most of a cycle; the empty shares left out.
    static func share(_ requestCounts: [Int], among threads: Int) -> [[Int]] {
        var shares = [[Int]](repeating: [], count: max(1, min(threads, requestCounts.count)))
        var loads = [Int](repeating: 0, count: shares.count)
        for lane in requestCounts.indices.sorted(by: { requestCounts[$0] > requestCounts[$1] }) {
            let least = loads.indices.min { loads[$0] < loads[$1] }!
            shares[least].append(lane)
            loads[least] += requestCounts[lane]
        }
        return shares.filter { !$0.isEmpty }
    }

    /// The lanes handed to a pipeline thread; their clients are used there only until it ends.
    private struct PipelineWork: @unchecked Sendable {
        var lanes: [TCPReadPipeline.Lane]
    }
}
