import VillageStore

/// What the counter logic made of one reading.
package struct IngestResult: Sendable, Hashable {
    /// Whether the reading was used.
    package enum Disposition: Sendable, Hashable {
        /// Used (possibly as a wrap or as a new baseline after a reset; see `events`).
        case accepted
        /// Same timestamp and value as the last reading: nothing to do.
        case duplicate
        /// Not used; an event says why.
        case rejected
    }

    package var disposition: Disposition
    /// Intervals completed by this reading, oldest first.
    package var intervals: [IntervalEnergy]
    /// Events to record (resets, rejected values).
    package var events: [DeviceEvent]
}
