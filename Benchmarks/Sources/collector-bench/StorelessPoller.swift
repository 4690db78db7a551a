import Foundation
import Metering

/// The collector's read path without the store (``CollectorReadPath``: the same connections, read
/// pipeline and decoding as the collector), each cycle waiting for every device. The difference to
/// the full collector is what recording and storing cost.
enum StorelessPoller {
    /// A warm-up cycle (connects, walks SunSpec chains), then `cycles` timed ones.
    static func run(_ bench: BenchVillage, cycles: Int) async throws -> ThroughputRun {
        let path = try CollectorReadPath(site: bench.site, profiles: bench.profiles)
        _ = await path.readAll()
        var ok = 0
        var failed = 0
        let start = ContinuousClock.now
        let usage0 = ProcessUsage.now
        for _ in 0..<cycles {
            let count = await path.readAll()
            ok += count.succeeded
            failed += count.failed
        }
        let usage = ProcessUsage.now - usage0
        let seconds = (ContinuousClock.now - start).seconds
        await path.close()
        return ThroughputRun(ok: ok, failed: failed, seconds: seconds, usage: usage)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
