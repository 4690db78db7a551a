import Foundation
import Metering
import PropertyBased
import Testing
import VillageCore
import VillageStore

/// An accumulator restored from its checkpoint continues exactly as if it had never stopped.
@Suite struct RestartTests {
    @Test func aRestoredAccumulatorContinuesIdentically() async {
        await propertyCheck(count: 60, input: Gen.uint64(), Gen.int(in: 1...599)) { seed, split in
            var rng = SeededGenerator(seed: seed)
            var time = seoulMidnight + Int64.random(in: 0..<900, using: &rng)
            var count: UInt64 = 65_000
            var stream: [CounterReading] = []
            for _ in 0..<600 {
                time += Int64.random(in: 1...400, using: &rng)
                switch Int.random(in: 0..<50, using: &rng) {
                case 0: count = UInt64.random(in: 0...100, using: &rng)  // new meter
                case 1: stream.append(CounterReading(timestamp: time, count: count + 900_000))  // spike
                default: count = (count + UInt64.random(in: 0...400, using: &rng)) & 0xFFFF
                }
                time += 1
                stream.append(CounterReading(timestamp: time, count: count))
            }
            let config = configuration(bits: 16)
            var straight = try IntervalAccumulator(configuration: config)
            let expected = feed(&straight, stream)

            var first = try IntervalAccumulator(configuration: config)
            var run = feed(&first, Array(stream[..<split]))
            let saved = first.checkpoint()
            var second = try IntervalAccumulator(configuration: config, checkpoint: saved)
            let rest = feed(&second, Array(stream[split...]))
            run.intervals += rest.intervals
            run.events += rest.events
            #expect(run.intervals == expected.intervals)
            #expect(run.events == expected.events)
            #expect(second.provisionalInterval == straight.provisionalInterval)
            #expect(saved.lastTimestamp == first.lastTimestamp ?? Int64.min)
        }
    }

    @Test func aCheckpointForOtherSettingsIsRefusedNamingTheField() throws {
        var accumulator = try IntervalAccumulator(configuration: configuration(bits: 32))
        _ = accumulator.ingest(CounterReading(timestamp: seoulMidnight, count: 1))
        let saved = accumulator.checkpoint()
        let error = #expect(throws: MeteringError.self) {
            _ = try IntervalAccumulator(configuration: configuration(bits: 16), checkpoint: saved)
        }
        #expect(error?.code == .invalidCheckpoint)
        #expect(error?.field == "registerBits")
    }

    @Test func aCorruptCheckpointIsRefused() throws {
        let garbage = CounterCheckpoint(
            deviceId: "101-elec", channel: .energyImport, lastTimestamp: 0, state: Data("{".utf8))
        let error = #expect(throws: MeteringError.self) {
            _ = try IntervalAccumulator(configuration: configuration(), checkpoint: garbage)
        }
        #expect(error?.field == "state")
        let foreign = CounterCheckpoint(deviceId: "102-elec", channel: .energyImport, lastTimestamp: 0, state: Data())
        #expect(throws: MeteringError.self) {
            _ = try IntervalAccumulator(configuration: configuration(), checkpoint: foreign)
        }
    }

    @Test(arguments: [
        ("registerBits", configuration(bits: 0)),
        ("ratedUnitsPerHour", configuration(ratedUnitsPerHour: 0)),
        ("maxEstimatedGapSeconds", configuration(measuredGap: 600, maxGap: 300)),
        ("unitsPerCount", configuration(scale: CounterScale(numerator: 0))),
    ])
    func badSettingsAreRefusedNamingTheField(field: String, settings: CounterConfiguration) {
        let error = #expect(throws: MeteringError.self) { _ = try IntervalAccumulator(configuration: settings) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.field == field)
    }
}
