/// What one commit changed; lets a caller (and a test) see that a replayed batch changed nothing.
public struct CommitSummary: Sendable, Hashable {
    /// Readings inserted; a reading whose (device, channel, time) is already stored is skipped.
    public var readingsInserted: Int
    /// Intervals inserted or changed; rewriting an identical interval counts zero.
    public var intervalsChanged: Int
    /// Events inserted; an event already stored is skipped.
    public var eventsInserted: Int
}
