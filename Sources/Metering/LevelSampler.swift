import Foundation
import VillageCore
import VillageStore

/// Turns readings of a level (battery state of charge in Wh, tank heat in Wh) into one value per
/// interval: the level at the interval's end, interpolated linearly between the readings around
/// that instant.
///
/// Levels go up and down, so there is nothing to apportion, wrap or reset; the quality rule is the
/// one of `IntervalAccumulator` for a single boundary: `measured` when a reading falls on the end
/// or the readings around it are at most `measuredGapSeconds` apart, `estimated` up to
/// `maxEstimatedGapSeconds`, `missing` beyond. Restartable through `checkpoint()` like the accumulator.
package struct LevelSampler: Sendable {
    package let configuration: CounterConfiguration

    struct State: Sendable, Hashable, Codable {
        var version = 1
        var lastTimestamp: Int64
        var lastValue: Int64
        /// The next interval end to report.
        var nextBoundary: Int64
    }

    var state: State?

    /// A sampler for the level channel described by `configuration` (its register, scale and rated
    /// fields are not used); continues from `checkpoint` when given.
    package init(configuration: CounterConfiguration, checkpoint: CounterCheckpoint? = nil) throws(MeteringError) {
        try configuration.validate()
        self.configuration = configuration
        guard let checkpoint else { return }
        guard checkpoint.deviceId == configuration.deviceId, checkpoint.channel == configuration.channel else {
            throw MeteringError(
                code: .invalidCheckpoint, deviceId: configuration.deviceId, channel: configuration.channel, field: nil,
                message: "checkpoint belongs to \(checkpoint.deviceId) \(checkpoint.channel)")
        }
        do {
            state = try JSONDecoder().decode(State.self, from: checkpoint.state)
        } catch {
            throw MeteringError(
                code: .invalidCheckpoint, deviceId: configuration.deviceId, channel: configuration.channel,
                field: "state",
                message: "cannot be decoded: \(error)")
        }
    }

    /// The state to commit with the intervals it produced.
    package func checkpoint() -> CounterCheckpoint {
        let data = state.flatMap { try? JSONEncoder().encode($0) } ?? Data("null".utf8)
        return CounterCheckpoint(
            deviceId: configuration.deviceId, channel: configuration.channel,
            lastTimestamp: state?.lastTimestamp ?? Int64.min, state: data)
    }

    /// Feeds one level reading (base units); returns the intervals whose end it passed. Readings
    /// not after the last one are ignored (nil).
    package mutating func ingest(timestamp: Int64, value: Int64) -> [IntervalEnergy]? {
        let length = configuration.intervalSeconds
        guard let previous = state else {
            let start = configuration.intervalStart(containing: timestamp)
            // A reading exactly on a boundary reports the interval that ends there.
            state = State(
                lastTimestamp: timestamp, lastValue: value, nextBoundary: start == timestamp ? start : start + length)
            guard start == timestamp else { return [] }
            return [interval(endingAt: timestamp, value: value, quality: .measured)]
                + advance(to: timestamp, value: value)
        }
        guard timestamp > previous.lastTimestamp else { return nil }
        return advance(to: timestamp, value: value)
    }

    private mutating func advance(to timestamp: Int64, value: Int64) -> [IntervalEnergy] {
        guard var current = state else { return [] }
        var intervals: [IntervalEnergy] = []
        let gap = timestamp - current.lastTimestamp
        while current.nextBoundary <= timestamp {
            let boundary = current.nextBoundary
            if boundary > current.lastTimestamp {
                let quality: IntervalQuality
                if boundary == timestamp || gap <= configuration.measuredGapSeconds {
                    quality = .measured
                } else if gap <= configuration.maxEstimatedGapSeconds {
                    quality = .estimated(gapSeconds: gap)
                } else {
                    quality = .missing(gapSeconds: gap)
                }
                let rise = Int128(value - current.lastValue) * Int128(boundary - current.lastTimestamp)
                let level = current.lastValue + Int64(floorDivide(rise, Int128(gap)))
                intervals.append(interval(endingAt: boundary, value: level, quality: quality))
            }
            current.nextBoundary += configuration.intervalSeconds
        }
        current.lastTimestamp = timestamp
        current.lastValue = value
        state = current
        return intervals
    }

    private func interval(endingAt end: Int64, value: Int64, quality: IntervalQuality) -> IntervalEnergy {
        IntervalEnergy(
            owner: configuration.owner, channel: configuration.intervalChannel,
            start: end - configuration.intervalSeconds,
            value: value, quality: quality)
    }
}
