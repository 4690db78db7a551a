import FirmwareSim
import Foundation
import Site
import Testing

/// Collects the ground truth of a run as JSON Lines text for comparison.
final class CollectingSink: GroundTruthSink {
    var intervals: [IntervalTruth] = []
    func record(_ interval: IntervalTruth) { intervals.append(interval) }
}

func truthLines(site: Site, start: Int64, seconds: Int64) throws -> [JSONLinesTruthWriter.Record] {
    let simulation = try VillageSimulation(site: site, start: start)
    let sink = CollectingSink()
    simulation.truthSink = sink
    try simulation.advance(seconds: seconds)
    return sink.intervals.flatMap(JSONLinesTruthWriter.records(of:))
}

@Suite("Determinism")
struct DeterminismTests {
    static let start: Int64 = 1_751_295_600  // 2025-07-01 00:00 Asia/Seoul

    @Test func sameSeedGivesIdenticalTruth() throws {
        let first = try truthLines(site: .default, start: Self.start, seconds: 2 * 86_400)
        let second = try truthLines(site: .default, start: Self.start, seconds: 2 * 86_400)
        #expect(first.count == 2 * 96 * (Site.default.devices.count))
        #expect(first == second)
    }

    @Test func anotherSeedGivesOtherWeatherAndDemand() throws {
        var other = Site.default
        other.seed &+= 1
        let first = try truthLines(site: .default, start: Self.start, seconds: 86_400)
        let second = try truthLines(site: other, start: Self.start, seconds: 86_400)
        #expect(first != second)
    }

    /// Stepping in one go or in odd chunks must not change anything: noise is a function of time.
    @Test func chunkedAdvanceMatchesOneAdvance() throws {
        let whole = try truthLines(site: .default, start: Self.start, seconds: 86_400)
        let simulation = try VillageSimulation(site: .default, start: Self.start)
        let sink = CollectingSink()
        simulation.truthSink = sink
        for chunk in [420, 3_600, 7, 900, 33_333] as [Int64] {
            try simulation.advance(seconds: chunk)
        }
        try simulation.run(until: Self.start + 86_400)
        #expect(sink.intervals.flatMap(JSONLinesTruthWriter.records(of:)) == whole)
    }
}
