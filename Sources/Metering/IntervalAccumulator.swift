import Foundation
import VillageCore
import VillageStore

/// Turns the readings of one cumulative counter into 15-minute interval energies.
///
/// Between two consecutive accepted readings the counter delta is spread linearly over time, so an
/// interval's value is the counter interpolated at its end minus the counter interpolated at its
/// start; in integer base units, with the rounding done on the cumulative value, sums over any span
/// equal the meter's delta exactly.
///
/// Quality, precisely. A boundary is *measured* when a reading falls exactly on it, or when the
/// two readings around it are at most `measuredGapSeconds` apart; *estimated* (with the gap length)
/// when they are further apart, however far: the counter's difference across an outage is exact,
/// only its spread over the intervals is assumed, so an outage of a day still reaches settlement
/// (which decides what an estimate may be traded for). *Missing* only when the counter was reset
/// between them (the energy across a reset is unknown). An interval is measured when both
/// its boundaries are, and no reset falls inside it; otherwise it takes the worst quality of its
/// boundaries and of any reset inside it. Readings inside an interval do not matter to its quality:
/// the counter's difference is exact whatever happens between the boundaries.
///
/// Faults. A backwards step that fits within the register width and the rated rate is a wrap. Any
/// other backwards step is a meter replacement: a `counterReset` event, and a new baseline (the
/// energy across it counts as zero, and the intervals it touches are `missing`, never negative). A
/// forward step larger than the rated rate allows is rejected with a `rejectedValue` event; if the
/// next reading continues plausibly from the rejected one, the jump was a new meter: it becomes a
/// `counterReset` at the rejected reading and its baseline. Energy is never doubled or negative.
///
/// An interval is emitted once, when a reading at or after its end arrives; the unfinished one is
/// `provisionalInterval`. The state is a value (`checkpoint()`), so a restarted collector continues
/// where the committed state left off.
package struct IntervalAccumulator: Sendable {
    package let configuration: CounterConfiguration
    var state: AccumulatorState

    /// A fresh accumulator that has seen no reading yet.
    package init(configuration: CounterConfiguration) throws(MeteringError) {
        try configuration.validate()
        self.configuration = configuration
        self.state = AccumulatorState(
            registerBits: configuration.registerBits, unitsPerCount: configuration.unitsPerCount,
            intervalSeconds: configuration.intervalSeconds, utcOffsetSeconds: configuration.utcOffsetSeconds)
    }

    /// An accumulator that continues from a saved checkpoint (nil: a fresh one).
    package init(configuration: CounterConfiguration, checkpoint: CounterCheckpoint?) throws(MeteringError) {
        try self.init(configuration: configuration)
        guard let checkpoint else { return }
        func fail(_ field: String?, _ message: String) -> MeteringError {
            MeteringError(
                code: .invalidCheckpoint, deviceId: configuration.deviceId, channel: configuration.channel,
                field: field, message: message)
        }
        guard checkpoint.deviceId == configuration.deviceId, checkpoint.channel == configuration.channel else {
            throw fail(nil, "checkpoint belongs to \(checkpoint.deviceId) \(checkpoint.channel)")
        }
        let saved: AccumulatorState
        do {
            saved = try AccumulatorState.decode(checkpoint.state)
        } catch {
            throw fail("state", "cannot be decoded: \(error)")
        }
        guard saved.version == AccumulatorState.currentVersion else {
            throw fail("version", "is \(saved.version), this build reads \(AccumulatorState.currentVersion)")
        }
        if saved.registerBits != configuration.registerBits {
            throw fail("registerBits", "changed since the checkpoint")
        }
        if saved.unitsPerCount != configuration.unitsPerCount {
            throw fail("unitsPerCount", "changed since the checkpoint")
        }
        if saved.intervalSeconds != configuration.intervalSeconds {
            throw fail("intervalSeconds", "changed since the checkpoint")
        }
        if saved.utcOffsetSeconds != configuration.utcOffsetSeconds {
            throw fail("utcOffsetSeconds", "changed since the checkpoint")
        }
        state = saved
    }

    /// The state to save with the intervals it produced (in the same `MeteringBatch`).
    package func checkpoint() -> CounterCheckpoint {
        CounterCheckpoint(
            deviceId: configuration.deviceId, channel: configuration.channel,
            lastTimestamp: state.last?.timestamp ?? Int64.min, state: state.encoded())
    }

    /// UTC Unix seconds of the last accepted reading, nil before the first.
    package var lastTimestamp: Int64? { state.last?.timestamp }

    /// The interval still being filled: its value and quality so far. Not final; never store it as
    /// if it were.
    package var provisionalInterval: IntervalEnergy? {
        guard let last = state.last else { return nil }
        return IntervalEnergy(
            owner: configuration.owner, channel: configuration.intervalChannel, start: state.pendingStart,
            value: units(last.cumulative) - units(state.pendingStartCumulative), quality: state.pendingQuality)
    }

    /// Feeds one reading; readings must come in time order.
    package mutating func ingest(_ reading: CounterReading) -> IngestResult {
        var result = IngestResult(disposition: .accepted, intervals: [], events: [])
        guard reading.count <= configuration.registerMask else {
            return reject(
                reading, "value \(reading.count) exceeds the \(configuration.registerBits)-bit register", &result)
        }
        guard let last = state.last else {
            begin(at: reading)
            return result
        }
        if reading.timestamp <= last.timestamp {
            if reading.timestamp == last.timestamp && reading.count == last.count {
                result.disposition = .duplicate
                return result
            }
            return reject(reading, "timestamp is not after the last accepted reading at \(last.timestamp)", &result)
        }
        let limit = plausibleCounts(over: reading.timestamp - last.timestamp)
        if reading.count >= last.count {
            let delta = reading.count - last.count
            if delta <= limit {
                advance(from: last, to: reading, delta: Int64(delta), &result)
                return result
            }
            // Implausible forward jump. Was the previous rejected reading the start of a new meter?
            if let candidate = state.candidate, candidate.timestamp < reading.timestamp,
                reading.count >= candidate.count,
                reading.count - candidate.count <= plausibleCounts(over: reading.timestamp - candidate.timestamp)
            {
                result.events.append(
                    event(
                        .counterReset, at: candidate.timestamp,
                        "counter jumped from \(last.count) to \(candidate.count), confirmed by \(reading.count) at \(reading.timestamp): new baseline"
                    ))
                advance(from: last, to: candidate, delta: nil, &result)
                if let baseline = state.last {
                    advance(from: baseline, to: reading, delta: Int64(reading.count - candidate.count), &result)
                }
                return result
            }
            let message =
                "jump of \(delta) counts in \(reading.timestamp - last.timestamp) s exceeds the rated \(configuration.ratedUnitsPerHour) units/h"
            result = reject(reading, message, &result)
            state.candidate = reading
            return result
        }
        // Backwards: a wrap if going round the register is plausible, otherwise a new meter.
        let wrapped = (reading.count &- last.count) & configuration.registerMask
        if wrapped <= limit {
            advance(from: last, to: reading, delta: Int64(wrapped), &result)
            return result
        }
        result.events.append(
            event(
                .counterReset, at: reading.timestamp,
                "counter went back from \(last.count) to \(reading.count): new baseline"))
        advance(from: last, to: reading, delta: nil, &result)
        return result
    }

    // MARK: - Internals

    private mutating func begin(at reading: CounterReading) {
        let start = configuration.intervalStart(containing: reading.timestamp)
        state.last = .init(timestamp: reading.timestamp, count: reading.count, cumulative: 0)
        state.pendingStart = start
        state.pendingStartCumulative = 0
        // Before the first reading nothing is known: the first interval is partial unless the
        // reading falls on its start.
        state.pendingQuality = reading.timestamp == start ? .measured : .missing(gapSeconds: reading.timestamp - start)
        state.candidate = nil
    }

    /// Accepts `reading` after `from`; `delta` nil means unknown (a reset): it adds nothing.
    private mutating func advance(
        from previous: AccumulatorState.Sample, to reading: CounterReading, delta: Int64?, _ result: inout IngestResult
    ) {
        let gap = reading.timestamp - previous.timestamp
        let length = configuration.intervalSeconds
        var boundary = state.pendingStart + length
        while boundary <= reading.timestamp {
            let cumulative: Int64
            if let delta {
                let share = Int128(delta) * Int128(boundary - previous.timestamp) / Int128(gap)
                cumulative = previous.cumulative + Int64(share)
            } else {
                cumulative = previous.cumulative
            }
            let boundaryQuality: IntervalQuality
            if boundary == reading.timestamp {
                boundaryQuality = .measured
            } else if delta == nil {
                boundaryQuality = .missing(gapSeconds: gap)
            } else if gap <= configuration.measuredGapSeconds {
                boundaryQuality = .measured
            } else {
                boundaryQuality = .estimated(gapSeconds: gap)
            }
            var quality = state.pendingQuality.combined(with: boundaryQuality)
            if delta == nil { quality = quality.combined(with: .missing(gapSeconds: gap)) }
            result.intervals.append(
                IntervalEnergy(
                    owner: configuration.owner, channel: configuration.intervalChannel, start: state.pendingStart,
                    value: units(cumulative) - units(state.pendingStartCumulative), quality: quality))
            state.pendingStart = boundary
            state.pendingStartCumulative = cumulative
            state.pendingQuality = boundaryQuality
            boundary += length
        }
        if delta == nil, state.pendingStart < reading.timestamp {
            state.pendingQuality = state.pendingQuality.combined(with: .missing(gapSeconds: gap))
        }
        state.last = .init(
            timestamp: reading.timestamp, count: reading.count, cumulative: previous.cumulative + (delta ?? 0))
        state.candidate = nil
    }

    private func reject(_ reading: CounterReading, _ message: String, _ result: inout IngestResult) -> IngestResult {
        result.disposition = .rejected
        result.events.append(
            event(.rejectedValue, at: reading.timestamp, "value \(reading.count) rejected: \(message)"))
        return result
    }

    private func event(_ kind: DeviceEventKind, at timestamp: Int64, _ detail: String) -> DeviceEvent {
        DeviceEvent(
            deviceId: configuration.deviceId, timestamp: timestamp, kind: kind, channel: configuration.channel,
            detail: detail)
    }

    /// The most counts the device can plausibly add in `seconds`: rated rate plus margin, rounded
    /// up, plus one count of register resolution.
    private func plausibleCounts(over seconds: Int64) -> UInt64 {
        let scale = configuration.unitsPerCount
        let unitsTimes360000 =
            Int128(configuration.ratedUnitsPerHour) * Int128(seconds)
            * Int128(100 + configuration.plausibilityMarginPercent)
        // counts = units × denominator / numerator, units = unitsTimes360000 / 360000; round up.
        let numerator = unitsTimes360000 * Int128(scale.denominator)
        let divisor = Int128(360_000) * Int128(scale.numerator)
        let counts = (numerator + divisor - 1) / divisor + 1
        // Capped so that every accepted delta fits the signed cumulative counter.
        return counts >= Int128(Int64.max) ? UInt64(Int64.max) : UInt64(counts)
    }

    /// Base units of a cumulative count, rounded down, so that differences telescope.
    func units(_ cumulative: Int64) -> Int64 {
        let scale = configuration.unitsPerCount
        if scale == .one { return cumulative }
        return Int64(floorDivide(Int128(cumulative) * Int128(scale.numerator), Int128(scale.denominator)))
    }
}
