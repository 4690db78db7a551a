import Testing

@testable import Metering

/// The pipeline threads' shares of a cycle's connections: every connection read once, by at most as
/// many threads as asked for, and no thread holding much more than its part.
@Suite struct PipelineShareTests {
    @Test func everyLaneIsDealtOnceAndTheLoadsStayEven() {
        // A gateway with many devices, a few with several, and many single-device connections.
        let counts = [40, 12, 9, 9, 4] + Array(repeating: 1, count: 30) + Array(repeating: 5, count: 10)
        for threads in 1...6 {
            let shares = CollectorReads.share(counts, among: threads)
            #expect(shares.count == min(threads, counts.count))
            #expect(shares.flatMap { $0 }.sorted() == Array(counts.indices))
            let loads = shares.map { $0.reduce(0) { $0 + counts[$1] } }.sorted(by: >)
            // As even as whole connections allow: the gateway's 40 requests are one share's floor.
            let expected = [1: [154], 2: [77, 77], 3: [52, 51, 51], 4: [40, 38, 38, 38], 5: [40, 29, 29, 28, 28]]
            if let expected = expected[threads] { #expect(loads == expected) }
            #expect(loads.max()! - loads.min()! <= counts.max()!)
        }
    }

    @Test func fewerLanesThanThreadsLeaveNoEmptyShare() {
        #expect(CollectorReads.share([3, 1], among: 8).map { $0.sorted() }.sorted { $0[0] < $1[0] } == [[0], [1]])
        #expect(CollectorReads.share([], among: 4).isEmpty)
    }
}
