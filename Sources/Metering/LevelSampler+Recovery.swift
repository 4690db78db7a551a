import VillageStore

extension LevelSampler {
    /// The sampler of a restarted collector and the writes its catch-up produced.
    package struct Recovery: Sendable {
        package var sampler: LevelSampler
        /// Intervals and the new checkpoint from replaying stored readings; commit it before polling
        /// resumes. Replaying is idempotent, so committing it twice is harmless.
        package var batch: MeteringBatch
    }

    /// Rebuilds one level channel's sampler from its last committed checkpoint (`checkpoint`, nil for
    /// none) and every stored raw reading after it.
    ///
    /// The collector saves a level's checkpoint only with the intervals it produced, as it does a
    /// counter's: the readings in between are in the store already, committed with their cycle, and
    /// replaying them rebuilds the state the crashed collector held. Throws `StoreError` or
    /// `MeteringError`.
    package static func recover(
        configuration: CounterConfiguration, checkpoint: CounterCheckpoint?, from store: VillageStore
    ) async throws -> Recovery {
        var sampler = try LevelSampler(configuration: configuration, checkpoint: checkpoint)
        let from = sampler.state.map { $0.lastTimestamp == Int64.max ? Int64.max : $0.lastTimestamp + 1 } ?? Int64.min
        let stored = try await store.readings(
            deviceId: configuration.deviceId, channel: configuration.channel, from: from, to: Int64.max)
        var batch = MeteringBatch()
        for reading in stored {
            guard case .integer(let level) = reading.value else { continue }
            batch.intervals += sampler.ingest(timestamp: reading.timestamp, value: level) ?? []
        }
        if !stored.isEmpty { batch.checkpoints = [sampler.checkpoint()] }
        return Recovery(sampler: sampler, batch: batch)
    }
}
