/// Sums 15-minute intervals into local hours or days (per series, or per channel over households).
///
/// Energies are summed, never averaged, and each sum carries how many of its intervals were
/// measured, estimated or missing; intervals absent from the store count as missing. Rows arrive in
/// time order, so only the current bucket is held: memory is one accumulator per series.
final class IntervalAggregator {
    struct Accumulator {
        var valueSum: Int64 = 0
        var measured = 0
        var estimated = 0
        /// Households contributing to a group row.
        var households: Set<Int> = []
    }

    private let bucketSeconds: Int64
    private let settings: ExportSettings
    private var bucketStart: Int64?
    private var accumulators: [Int: Accumulator] = [:]
    /// Writes the rows of one finished bucket: (clipped start, clipped end, expected slots, accumulators).
    private let emit: (Int64, Int64, Int64, [Int: Accumulator]) throws(ExportError) -> Void

    init(
        bucketSeconds: Int64, settings: ExportSettings,
        emit: @escaping (Int64, Int64, Int64, [Int: Accumulator]) throws(ExportError) -> Void
    ) {
        self.bucketSeconds = bucketSeconds
        self.settings = settings
        self.emit = emit
    }

    /// Adds one interval to the accumulator `key` (a series, or a channel for group rows).
    @inline(__always)
    func add(key: Int, household: Int?, start: Int64, value: Int64, qualityRank: Int32) throws(ExportError) {
        let bucket = settings.clock.bucketStart(containing: start, bucketSeconds: bucketSeconds)
        if bucket != bucketStart {
            try flush()
            bucketStart = bucket
        }
        accumulators[key, default: Accumulator()].add(value: value, qualityRank: qualityRank, household: household)
    }

    /// Writes the current bucket.
    func flush() throws(ExportError) {
        guard let bucketStart, !accumulators.isEmpty else { return }
        let start = max(bucketStart, settings.from)
        let end = min(bucketStart + bucketSeconds, settings.to)
        let interval = settings.intervalSeconds
        let firstSlot = (start + interval - 1) / interval * interval
        let slots = end > firstSlot ? (end - firstSlot + interval - 1) / interval : 0
        try emit(start, end, slots, accumulators)
        accumulators.removeAll(keepingCapacity: true)
    }
}

extension IntervalAggregator.Accumulator {
    @inline(__always)
    mutating func add(value: Int64, qualityRank: Int32, household: Int?) {
        valueSum += value
        if qualityRank == 2 { measured += 1 } else if qualityRank == 1 { estimated += 1 }
        if let household { households.insert(household) }
    }
}
