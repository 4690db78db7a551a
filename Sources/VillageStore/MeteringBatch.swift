/// Everything one collector cycle writes, committed as one transaction: all of it or none.
public struct MeteringBatch: Sendable, Hashable {
    public var readings: [RawReading]
    public var intervals: [IntervalEnergy]
    public var events: [DeviceEvent]
    public var health: [HealthUpdate]
    public var checkpoints: [CounterCheckpoint]

    public init(
        readings: [RawReading] = [], intervals: [IntervalEnergy] = [], events: [DeviceEvent] = [],
        health: [HealthUpdate] = [], checkpoints: [CounterCheckpoint] = []
    ) {
        self.readings = readings
        self.intervals = intervals
        self.events = events
        self.health = health
        self.checkpoints = checkpoints
    }

    public var isEmpty: Bool {
        readings.isEmpty && intervals.isEmpty && events.isEmpty && health.isEmpty && checkpoints.isEmpty
    }
}
