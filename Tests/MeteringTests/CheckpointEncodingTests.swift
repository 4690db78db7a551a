import Foundation
import PropertyBased
import Testing
import VillageCore
import VillageStore

@testable import Metering

/// A counter's checkpoint in its compact binary form holds every field of the state exactly, a
/// checkpoint saved as JSON by an earlier collector still restores, and a damaged one is refused.
@Suite struct CheckpointEncodingTests {
    /// A walk with wraps, new meters, spikes (a held candidate) and gaps (estimated and missing).
    private func stream(seed: UInt64) -> [CounterReading] {
        var rng = SeededGenerator(seed: seed)
        var time = seoulMidnight + Int64.random(in: 0..<900, using: &rng)
        var count: UInt64 = 65_000
        var readings: [CounterReading] = []
        for _ in 0..<300 {
            time += Int64.random(in: 1...400, using: &rng)
            if Int.random(in: 0..<30, using: &rng) == 0 { time += Int64.random(in: 600...9000, using: &rng) }
            switch Int.random(in: 0..<40, using: &rng) {
            case 0: count = UInt64.random(in: 0...100, using: &rng)
            case 1: readings.append(CounterReading(timestamp: time, count: count + 900_000))
            default: count = (count + UInt64.random(in: 0...400, using: &rng)) & 0xFFFF
            }
            time += 1
            readings.append(CounterReading(timestamp: time, count: count))
        }
        return readings
    }

    @Test func theBinaryFormHoldsEveryStateExactly() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var accumulator = try IntervalAccumulator(configuration: configuration(bits: 16))
            var states = [accumulator.state]
            for reading in stream(seed: seed) {
                _ = accumulator.ingest(reading)
                states.append(accumulator.state)
            }
            // The walk reached every optional and quality the layout has.
            #expect(states.contains { $0.candidate != nil })
            #expect(states.contains { if case .estimated = $0.pendingQuality { true } else { false } })
            #expect(states.contains { if case .missing = $0.pendingQuality { true } else { false } })
            for state in states {
                let data = state.encoded()
                #expect(data.first == AccumulatorState.binaryTag)
                #expect(try AccumulatorState.decode(data) == state)
            }
        }
    }

    @Test func aCheckpointSavedAsJSONRestoresAndContinuesIdentically() async {
        await propertyCheck(count: 20, input: Gen.uint64(), Gen.int(in: 1...299)) { seed, split in
            let readings = stream(seed: seed)
            let settings = configuration(bits: 16)
            var straight = try IntervalAccumulator(configuration: settings)
            let expected = feed(&straight, readings)

            var first = try IntervalAccumulator(configuration: settings)
            var run = feed(&first, Array(readings[..<split]))
            // As collectors before the binary form saved it.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let json = try encoder.encode(first.state)
            #expect(json.first == UInt8(ascii: "{"))
            let saved = CounterCheckpoint(
                deviceId: settings.deviceId, channel: settings.channel,
                lastTimestamp: first.lastTimestamp ?? Int64.min, state: json)
            var second = try IntervalAccumulator(configuration: settings, checkpoint: saved)
            let rest = feed(&second, Array(readings[split...]))
            run.intervals += rest.intervals
            run.events += rest.events
            #expect(run.intervals == expected.intervals)
            #expect(run.events == expected.events)
        }
    }

    @Test func aDamagedBinaryCheckpointIsRefusedNamingTheState() throws {
        var accumulator = try IntervalAccumulator(configuration: configuration())
        _ = accumulator.ingest(CounterReading(timestamp: seoulMidnight + 30, count: 10))
        let saved = accumulator.checkpoint()
        var damaged: [Data] = [saved.state.dropLast(), saved.state + Data([0])]
        var badQuality = [UInt8](saved.state)
        // The quality rank sits 9 bytes from the end when there is no candidate.
        badQuality[badQuality.count - 9] = 7
        damaged.append(Data(badQuality))
        for state in damaged {
            let checkpoint = CounterCheckpoint(
                deviceId: saved.deviceId, channel: saved.channel, lastTimestamp: saved.lastTimestamp, state: state)
            let error = #expect(throws: MeteringError.self) {
                _ = try IntervalAccumulator(configuration: configuration(), checkpoint: checkpoint)
            }
            #expect(error?.code == .invalidCheckpoint)
            #expect(error?.field == "state")
        }
        // The undamaged one restores.
        _ = try IntervalAccumulator(configuration: configuration(), checkpoint: saved)
    }
}
