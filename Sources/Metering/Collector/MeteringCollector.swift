import DeviceProfiles
import Logging
import Modbus
import Site
import VillageStore

/// Polls every device of a site through its profile and records what it reads: raw readings,
/// 15-minute interval energies with quality flags, device events and health, one transaction per
/// poll cycle (so a crash never leaves intervals without the checkpoint that produced them).
///
/// Connections are polled concurrently: those whose reads are planned through one pipeline thread
/// (``CollectorReads``), the others each on its own queue; one dead device costs only the devices
/// on its own wire their wait, and a failing device is retried with a doubling backoff.
///
/// A cycle's commit can overlap the next cycle's reads (``pollOverlappingCommit(at:all:)``): the
/// store writes on its own writer thread while the connections wait for their devices, so a village
/// whose cycle is long is polled at the pace of its wires, not of its wires plus its disk.
public actor MeteringCollector {
    public let site: Site
    public let configuration: CollectorConfiguration
    private let store: VillageStore
    private let logger: Logger
    private let devices: [String: CollectedDevice]
    private let deviceOrder: [String]
    private let reads: CollectorReads
    /// In boxes, so that a read updates an accumulator in place rather than copying it out of the
    /// dictionary and back.
    private var counters: [ChannelKey: Slot<IntervalAccumulator>] = [:]
    private var levels: [ChannelKey: Slot<LevelSampler>] = [:]
    private var schedule: [String: DeviceSchedule] = [:]
    /// Devices with a counter whose shape only a read tells: their reads start it.
    private var devicesWithDeferredCounters: Set<String> = []
    private var prepared = false
    /// The last cycle's commit while the store writes it; awaited before the next cycle records.
    private var commitInFlight: Task<Void, any Error>?

    /// A mutable box for one channel's state.
    final class Slot<Value> {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    struct ChannelKey: Hashable, Sendable {
        var device: String
        var channel: MeteringChannel
    }

    struct DeviceSchedule: Sendable {
        var nextDue: Int64 = .min
        var consecutiveFailures = 0
        var state: DeviceState?
    }

    /// Checks the site against the profiles; nothing is written until `prepare()`.
    public init(
        site: Site, profiles: ProfileLibrary, store: VillageStore,
        configuration: CollectorConfiguration = CollectorConfiguration(),
        logger: Logger = Logger(label: "village.collector")
    ) throws(CollectorError) {
        self.site = site
        self.configuration = configuration
        self.store = store
        self.logger = logger
        let collected = try configuration.devices(of: site, profiles: profiles)
        devices = Dictionary(uniqueKeysWithValues: collected.map { ($0.device.id, $0) })
        deviceOrder = collected.map(\.device.id)
        reads = try CollectorReads(devices: collected)
    }

    /// Deletes raw readings older than the store's retention (`StoreConfiguration.rawRetentionSeconds`);
    /// intervals, events and checkpoints are kept. Returns how many readings went.
    @discardableResult
    public func applyRetention(now: Int64) async throws -> Int {
        try await store.pruneExpiredReadings(now: now)
    }

    /// Registers the site in the store and restores every counter from its last checkpoint, replaying
    /// readings committed after it. Idempotent.
    public func prepare() async throws {
        guard !prepared else { return }
        try await store.register(
            site: SiteRecord(id: site.name, name: site.name, timeZone: site.timeZone),
            households: site.households.map { HouseholdRecord(unitId: $0.unit) },
            devices: deviceOrder.map { devices[$0]!.record })
        // Replays below read series by series: from `readings`, by its key.
        try await store.moveRecentReadings()
        let checkpoints = Dictionary(
            try await store.checkpoints().map { (ChannelKey(device: $0.deviceId, channel: $0.channel), $0) },
            uniquingKeysWith: { first, _ in first })
        for id in deviceOrder {
            let device = devices[id]!
            for (field, mapping) in device.mappings {
                let key = ChannelKey(device: id, channel: mapping.channel)
                switch mapping.kind {
                case .counter:
                    // A checkpoint goes on in the shape it was saved in (a changed one is handled at
                    // the next read); without one, a counter whose scale is a register of the device
                    // waits for its first read.
                    let shape: CounterRegister.Shape?
                    if let checkpoint = checkpoints[key], let saved = IntervalAccumulator.savedShape(of: checkpoint) {
                        shape = CounterRegister.Shape(
                            registerBits: saved.registerBits, unitsPerCount: saved.unitsPerCount)
                    } else {
                        shape = CounterRegister.staticShape(of: field, toBaseUnits: mapping.toBaseUnits)
                    }
                    guard let shape else {
                        devicesWithDeferredCounters.insert(id)
                        continue
                    }
                    try await recoverCounter(key, configuration: counterConfiguration(device, mapping, shape))
                case .level:
                    let recovery = try await LevelSampler.recover(
                        configuration: counterConfiguration(device, mapping, .baseUnits), checkpoint: checkpoints[key],
                        from: store)
                    if !recovery.batch.isEmpty { _ = try await store.commit(recovery.batch) }
                    levels[key] = Slot(recovery.sampler)
                case .instantaneous:
                    break
                }
            }
        }
        let health = try await store.health()
        for record in health { schedule[record.deviceId, default: DeviceSchedule()].state = record.state }
        prepared = true
    }

    /// Polls the devices due at `timestamp` (every device with `all`), records the results in one
    /// transaction and returns what happened, once that transaction has committed.
    @discardableResult
    public func poll(at timestamp: Int64, all: Bool = false) async throws -> PollSummary {
        let summary = try await pollOverlappingCommit(at: timestamp, all: all)
        try await waitForCommit()
        return summary
    }

    /// Polls as ``poll(at:all:)`` does, but returns as soon as the cycle's transaction is handed to
    /// the store, so that the caller's next cycle reads its devices while the store writes. Every
    /// earlier cycle has committed when this returns; a failed commit is thrown by the next call (or
    /// by ``waitForCommit()``).
    @discardableResult
    public func pollOverlappingCommit(at timestamp: Int64, all: Bool = false) async throws -> PollSummary {
        try await prepare()
        let due = deviceOrder.filter { all || (schedule[$0]?.nextDue ?? .min) <= timestamp }
        var summary = PollSummary(timestamp: timestamp)
        guard !due.isEmpty else {
            try await waitForCommit()
            return summary
        }
        let reads = self.reads
        let dueNow = reads.due(due)
        let cycle = reads.start(dueNow)
        // The reads overlap the previous cycle's commit; it must land before this cycle records,
        // since a counter starting now replays the readings stored before it.
        do {
            try await waitForCommit()
        } catch {
            _ = await cycle.outcomes
            throw error
        }
        var results: [String: Result<DeviceReading, ModbusError>] = [:]
        for outcomes in await cycle.outcomes {
            for outcome in outcomes { results[outcome.deviceID] = outcome.result }
        }
        // One batch in device order, whichever connection answered first.
        var batch = MeteringBatch()
        for id in results.keys.sorted() {
            try await record((id, results[id]!), at: timestamp, into: &summary, batch: &batch)
        }
        summary.readings = batch.readings.count
        summary.intervals = batch.intervals.count
        summary.events = batch.events.count
        commitInFlight = Task { [store] in _ = try await store.commit(batch) }
        return summary
    }

    /// Waits until the last cycle's transaction has committed, and throws its error if it failed.
    public func waitForCommit() async throws {
        guard let commit = commitInFlight else { return }
        commitInFlight = nil
        try await commit.value
    }

    /// Lets the last cycle's commit finish, then closes every connection.
    public func shutdown() async {
        do {
            try await waitForCommit()
        } catch {
            logger.error("the last poll cycle's commit failed", metadata: ["error": "\(error)"])
        }
        for connection in reads.connections { await connection.close() }
    }

    // MARK: Recording

    /// Adds what one device's poll writes to `batch`, and its count to `summary`.
    private func record(
        _ outcome: (deviceID: String, result: Result<DeviceReading, ModbusError>), at timestamp: Int64,
        into summary: inout PollSummary, batch: inout MeteringBatch
    ) async throws {
        summary.polled += 1
        let device = devices[outcome.deviceID]!
        switch outcome.result {
        case .success(let reading):
            try await recoverDeferredCounters(of: device, reading: reading)
            summary.succeeded += 1
            record(reading, of: device, at: timestamp, into: &batch)
            batch.health.append(healthUpdate(device, at: timestamp, failure: nil))
        case .failure(let error):
            summary.failed += 1
            summary.errors[device.device.id] = error.description
            batch.health.append(healthUpdate(device, at: timestamp, failure: error))
            logger.warning("poll failed", metadata: ["device.id": "\(device.device.id)", "error": "\(error)"])
        }
    }

    private func record(
        _ reading: DeviceReading, of device: CollectedDevice, at timestamp: Int64, into batch: inout MeteringBatch
    ) {
        let id = device.device.id
        func reject(_ channel: MeteringChannel, _ detail: String) {
            batch.events.append(
                DeviceEvent(deviceId: id, timestamp: timestamp, kind: .rejectedValue, channel: channel, detail: detail))
        }
        for (field, mapping) in device.mappings {
            let key = ChannelKey(device: id, channel: mapping.channel)
            switch mapping.kind {
            case .counter:
                guard let sample = CounterRegister.sample(of: field, in: reading, toBaseUnits: mapping.toBaseUnits)
                else { continue }
                guard case .count(let count, let shape) = sample else {
                    if case .rejected(let detail) = sample { reject(mapping.channel, detail) }
                    continue
                }
                guard let slot = counters[key] else {
                    let configuration = counterConfiguration(device, mapping, shape)
                    batch.readings.append(
                        RawReading(
                            deviceId: id, channel: mapping.channel, timestamp: timestamp,
                            value: .integer(configuration.baseUnits(ofCount: count))))
                    continue
                }
                var ingested = count
                let current = CounterRegister.Shape(
                    registerBits: slot.value.configuration.registerBits,
                    unitsPerCount: slot.value.configuration.unitsPerCount)
                if current != shape {
                    if current == .baseUnits, shape.unitsPerCount == .one,
                        let narrowed = slot.value.narrowed(toRegisterBits: shape.registerBits)
                    {
                        // Saved while every register was counted in 64 bits: the counts are the same.
                        slot.value = narrowed
                    } else if current == .baseUnits {
                        // Saved in base units at another scale: go on in them, as it was counted.
                        ingested = UInt64(counterConfiguration(device, mapping, shape).baseUnits(ofCount: count))
                    } else {
                        // The scale factor (or the profile) changed: counts before and after it are not
                        // comparable, so the energy across the change is unknown, as across a new meter.
                        batch.events.append(
                            DeviceEvent(
                                deviceId: id, timestamp: timestamp, kind: .counterReset, channel: mapping.channel,
                                detail:
                                    "register scale changed from \(Self.describe(current)) to \(Self.describe(shape)): new baseline"
                            ))
                        guard
                            let fresh = try? IntervalAccumulator(
                                configuration: counterConfiguration(device, mapping, shape))
                        else { continue }
                        slot.value = fresh
                    }
                }
                batch.readings.append(
                    RawReading(
                        deviceId: id, channel: mapping.channel, timestamp: timestamp,
                        value: .integer(slot.value.configuration.baseUnits(ofCount: ingested))))
                let result = slot.value.ingest(CounterReading(timestamp: timestamp, count: ingested))
                batch.intervals += result.intervals
                batch.events += result.events
                // Recovery replays the raw readings stored after a checkpoint, so the checkpoint
                // only has to move with the intervals it produced (or a change of shape).
                if !result.intervals.isEmpty || !result.events.isEmpty || current != shape {
                    batch.checkpoints.append(slot.value.checkpoint())
                }
            case .level:
                guard let value = measured(field, in: reading, channel: mapping.channel, reject: reject) else {
                    continue
                }
                let factor =
                    mapping.semantic == "battery.soc"
                    ? Double(device.batteryCapacityWh ?? 0) / 100 : mapping.toBaseUnits
                // A wild float from a confused device must not trap the conversion: reject it.
                let scaled = (value * factor).rounded()
                guard scaled.isFinite, abs(scaled) < 9e18 else {
                    reject(mapping.channel, "level \(value) is out of range")
                    continue
                }
                let level = Int64(scaled)
                batch.readings.append(
                    RawReading(deviceId: id, channel: mapping.channel, timestamp: timestamp, value: .integer(level)))
                guard let sampler = levels[key] else { continue }
                let intervals = sampler.value.ingest(timestamp: timestamp, value: level) ?? []
                // As for counters: recovery replays the readings stored after the checkpoint, so it
                // moves only with the intervals it produced, not with every read.
                if !intervals.isEmpty {
                    batch.intervals += intervals
                    batch.checkpoints.append(sampler.value.checkpoint())
                }
            case .instantaneous:
                guard let value = measured(field, in: reading, channel: mapping.channel, reject: reject) else {
                    continue
                }
                batch.readings.append(
                    RawReading(deviceId: id, channel: mapping.channel, timestamp: timestamp, value: .real(value)))
            }
        }
    }

    /// A level or instantaneous value, nil when there is none to record: not implemented by the
    /// device (nothing to say), or not a finite number (rejected with an event, since a float
    /// register that reads NaN or an infinity is a fault to see, not a quantity).
    private func measured(
        _ field: Field, in reading: DeviceReading, channel: MeteringChannel, reject: (MeteringChannel, String) -> Void
    ) -> Double? {
        guard let fieldReading = reading.fields.first(where: { $0.name == field.name }) else { return nil }
        if field.type == .float32, case .notImplemented = fieldReading.raw {
            reject(channel, "value reads NaN")
            return nil
        }
        guard let value = fieldReading.value else { return nil }
        guard value.isFinite else {
            reject(channel, "value reads \(value)")
            return nil
        }
        return value
    }

    private static func describe(_ shape: CounterRegister.Shape) -> String {
        let scale = shape.unitsPerCount
        return "\(shape.registerBits) bits × \(scale.numerator)/\(scale.denominator)"
    }

    /// Restores one counter from the store and commits what its catch-up produced.
    private func recoverCounter(_ key: ChannelKey, configuration: CounterConfiguration) async throws {
        let recovery = try await IntervalAccumulator.recover(configuration: configuration, from: store)
        if !recovery.batch.isEmpty { _ = try await store.commit(recovery.batch) }
        counters[key] = Slot(recovery.accumulator)
    }

    /// Counters whose scale only a read tells (a scale-factor register) start with their first read.
    private func recoverDeferredCounters(of device: CollectedDevice, reading: DeviceReading) async throws {
        guard devicesWithDeferredCounters.contains(device.device.id) else { return }
        defer {
            let started = device.mappings.allSatisfy {
                $0.mapping.kind != .counter
                    || counters[ChannelKey(device: device.device.id, channel: $0.mapping.channel)] != nil
            }
            if started { devicesWithDeferredCounters.remove(device.device.id) }
        }
        for (field, mapping) in device.mappings where mapping.kind == .counter {
            let key = ChannelKey(device: device.device.id, channel: mapping.channel)
            guard counters[key] == nil,
                case .count(_, let shape)? = CounterRegister.sample(
                    of: field, in: reading, toBaseUnits: mapping.toBaseUnits)
            else { continue }
            try await recoverCounter(key, configuration: counterConfiguration(device, mapping, shape))
        }
    }

    private func healthUpdate(_ device: CollectedDevice, at timestamp: Int64, failure: ModbusError?) -> HealthUpdate {
        let id = device.device.id
        var entry = schedule[id] ?? DeviceSchedule()
        let newState: DeviceState?
        if let failure {
            entry.consecutiveFailures += 1
            let backoff = min(
                configuration.maxBackoffSeconds,
                device.pollIntervalSeconds << min(entry.consecutiveFailures - 1, 16))
            entry.nextDue = timestamp + max(1, backoff / 2)
            newState =
                entry.consecutiveFailures >= configuration.failuresBeforeOffline && entry.state != .offline
                ? .offline : nil
            _ = failure
        } else {
            entry.consecutiveFailures = 0
            entry.nextDue = timestamp + device.pollIntervalSeconds
            newState = entry.state != .online ? .online : nil
        }
        if let newState { entry.state = newState }
        schedule[id] = entry
        let outcome: HealthUpdate.Outcome =
            failure.map { .failure(kind: Self.kind(of: $0), message: $0.description) } ?? .success
        return HealthUpdate(deviceId: id, timestamp: timestamp, outcome: outcome, state: newState)
    }

    /// A short stable word for an error's kind, for the health table's counts.
    static func kind(of error: ModbusError) -> String {
        switch error.code {
        case .timeout: "timeout"
        case .connectionRefused: "refused"
        case .connectionReset: "reset"
        case .exception(let exception): "exception-\(exception.rawValue)"
        case .badData: "bad-data"
        case .invalidRequest: "invalid-request"
        case .system: "system"
        }
    }

    private func counterConfiguration(
        _ device: CollectedDevice, _ mapping: ChannelMapping, _ shape: CounterRegister.Shape
    ) -> CounterConfiguration {
        CounterConfiguration(
            deviceId: device.device.id, channel: mapping.channel, owner: device.owner, registerBits: shape.registerBits,
            unitsPerCount: shape.unitsPerCount, ratedUnitsPerHour: device.ratedPerHour[mapping.channel] ?? 1_000_000,
            measuredGapSeconds: max(120, device.pollIntervalSeconds * 2))
    }
}
