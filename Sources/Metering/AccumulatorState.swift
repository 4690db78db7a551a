import VillageStore

/// The whole memory of an `IntervalAccumulator`, saved as its checkpoint.
///
/// `cumulative` is the counter unwrapped across wraps and resets, in counts since the first reading:
/// every interval value is a difference of it at two boundaries, which is why sums over any span
/// telescope exactly to the meter's delta.
struct AccumulatorState: Sendable, Hashable, Codable {
    /// The format of this state; bump when fields change meaning.
    static let currentVersion = 1

    struct Sample: Sendable, Hashable, Codable {
        var timestamp: Int64
        var count: UInt64
        var cumulative: Int64
    }

    var version = Self.currentVersion
    /// Settings that change the meaning of the state; a restore with other values is refused.
    var registerBits: Int
    var unitsPerCount: CounterScale
    var intervalSeconds: Int64
    var utcOffsetSeconds: Int64

    /// The last accepted reading.
    var last: Sample?
    /// Start of the interval that contains `last` (not yet complete).
    var pendingStart: Int64 = 0
    /// `cumulative` interpolated at `pendingStart` (or at the first reading, for the first interval).
    var pendingStartCumulative: Int64 = 0
    /// Quality of the pending interval so far: its start boundary and any unknown span inside it.
    var pendingQuality: IntervalQuality = .measured
    /// A rejected forward jump; if the next reading continues from it, it was a new meter.
    var candidate: CounterReading?
}
