import VillageStore

extension IntervalAccumulator {
    /// The accumulator of a restarted collector and the writes its catch-up produced.
    package struct Recovery: Sendable {
        package var accumulator: IntervalAccumulator
        /// Intervals, events and the new checkpoint from replaying stored readings; commit it
        /// before polling resumes. Replaying is idempotent, so committing it twice is harmless.
        package var batch: MeteringBatch
    }

    /// Rebuilds one counter's accumulator from the store: its last committed checkpoint, then every
    /// stored raw reading after it (readings a crashed collector committed without their intervals).
    ///
    /// Because intervals and their checkpoint are committed together, nothing before the
    /// checkpoint is counted again, and nothing after it is lost while raw readings are retained.
    /// Throws `StoreError` or `MeteringError`.
    package static func recover(configuration: CounterConfiguration, from store: VillageStore) async throws -> Recovery
    {
        let saved = try await store.checkpoints().first {
            $0.deviceId == configuration.deviceId && $0.channel == configuration.channel
        }
        var accumulator = try IntervalAccumulator(configuration: configuration, checkpoint: saved)
        let from = (saved?.lastTimestamp).map { $0 == Int64.min ? Int64.min : $0 + 1 } ?? Int64.min
        let stored = try await store.readings(
            deviceId: configuration.deviceId, channel: configuration.channel, from: from, to: Int64.max)
        var batch = MeteringBatch()
        for reading in stored {
            guard case .integer(let units) = reading.value else { continue }
            let result = accumulator.ingest(
                CounterReading(timestamp: reading.timestamp, count: configuration.count(ofBaseUnits: units)))
            batch.intervals += result.intervals
            batch.events += result.events
        }
        if !stored.isEmpty { batch.checkpoints = [accumulator.checkpoint()] }
        return Recovery(accumulator: accumulator, batch: batch)
    }
}
