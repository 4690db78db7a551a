/// Anything that can sum the recorded intervals of a channel per interval start: the store itself,
/// or a village database opened read-only (`ReadOnlyIntervalStore`) for a what-if that must not
/// change the file.
package protocol IntervalTotalsReading: Sendable {
    /// The database file, for errors.
    var path: String { get }
    /// Per interval start, the sum of one channel over every owner of `ownerKind` (both kinds when
    /// nil), of the given owners only when `ownerIds` is set, with `from <= start < to`; measured and
    /// estimated intervals only.
    func intervalTotals(
        channel: MeteringChannel, ownerKind: String?, ownerIds: [String]?, from: Int64, to: Int64
    ) async throws(StoreError) -> [Int64: Int64]
    /// The mean outdoor temperature of each interval with `from <= start < to` (none recorded: empty).
    func outdoorTemperatures(from: Int64, to: Int64) async throws(StoreError) -> [Int64: Double]
}

extension VillageStore: IntervalTotalsReading {}
