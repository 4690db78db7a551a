import GRDB

/// A village database opened for reading only (`VillageStore.openReadOnly(path:)`): nothing is
/// created, migrated or converted, so a what-if replayed from a real village's file leaves it as it was.
package final class ReadOnlyIntervalStore: IntervalTotalsReading {
    package let path: String
    private let database: DatabaseQueue

    /// Opens an existing village database; refuses a missing file and anything that is not one.
    package init(path: String) throws(StoreError) {
        self.path = path
        database = try VillageStore.openReadOnly(path: path).database
    }

    package func intervalTotals(
        channel: MeteringChannel, ownerKind: String?, ownerIds: [String]?, from: Int64, to: Int64
    ) async throws(StoreError) -> [Int64: Int64] {
        try read("interval totals") { db in
            try VillageStore.intervalTotals(
                db, channel: channel, ownerKind: ownerKind, ownerIds: ownerIds, from: from, to: to)
        }
    }

    package func outdoorTemperatures(from: Int64, to: Int64) async throws(StoreError) -> [Int64: Double] {
        try read("outdoor temperatures") { db in try VillageStore.outdoorTemperatures(db, from: from, to: to) }
    }

    /// The first and last interval start recorded for `channel` of `ownerId`, or nil when it has none.
    package func recordedSpan(channel: MeteringChannel, ownerId: String) throws(StoreError) -> (
        first: Int64, last: Int64
    )? {
        try read("recorded span") { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT MIN(start) AS first, MAX(start) AS last FROM intervals
                        WHERE channel = ? AND owner_id = ? AND quality > 0
                        """,
                    arguments: [channel.rawValue, ownerId]),
                let first = row["first"] as Int64?, let last = row["last"] as Int64?
            else { return nil }
            return (first, last)
        }
    }

    private func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw StoreError(code: .sqlite, path: path, subject: operation, message: "\(error)")
        }
    }
}
