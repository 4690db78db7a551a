import DeviceProfiles
import Site

/// The collector's reads without its recording: the same connections, pipeline and planning as a
/// ``MeteringCollector`` on the same site, each device's registers read and decoded, nothing kept.
/// What it costs next to the whole collector is what recording and storing cost.
public final class CollectorReadPath: Sendable {
    private let reads: CollectorReads
    private let deviceIDs: [String]

    /// What one cycle over every device did.
    public struct CycleCount: Sendable, Hashable {
        public var succeeded: Int
        public var failed: Int

        public init(succeeded: Int = 0, failed: Int = 0) {
            self.succeeded = succeeded
            self.failed = failed
        }
    }

    /// Checks the site against the profiles as ``MeteringCollector`` does; nothing connects yet.
    public init(
        site: Site, profiles: ProfileLibrary, configuration: CollectorConfiguration = CollectorConfiguration()
    ) throws(CollectorError) {
        let collected = try configuration.devices(of: site, profiles: profiles)
        deviceIDs = collected.map(\.device.id)
        reads = try CollectorReads(devices: collected)
    }

    /// Reads every device once, each connection as the collector reads it.
    public func readAll() async -> CycleCount {
        var count = CycleCount()
        for outcomes in await reads.read(reads.due(deviceIDs)) {
            for outcome in outcomes {
                switch outcome.result {
                case .success: count.succeeded += 1
                case .failure: count.failed += 1
                }
            }
        }
        return count
    }

    /// Closes every connection.
    public func close() async {
        for connection in reads.connections { await connection.close() }
    }
}
