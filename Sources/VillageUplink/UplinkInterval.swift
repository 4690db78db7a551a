import VillageStore

/// An interval as the edge last wrote it, with the edge's revision of that write.
///
/// Intervals are rewritten in place on the edge (late readings turn an estimate into a
/// measurement), so a resend can carry an older value than one already delivered. The backend
/// keeps, per (owner, channel, start), the value of the highest revision it has seen.
package struct UplinkInterval: Codable, Sendable, Equatable {
    package var interval: IntervalEnergy
    /// Increases with every write of any interval on the edge.
    package var revision: Int64

    package init(interval: IntervalEnergy, revision: Int64) {
        self.interval = interval
        self.revision = revision
    }
}
