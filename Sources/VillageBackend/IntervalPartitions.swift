import Foundation
import PostgresNIO

/// The monthly partitions of `intervals`, made on demand before a batch that needs one is applied.
///
/// A partition is made in a transaction of its own, under an advisory lock, so that two backends
/// (or two batches) needing the same month do not race, and an empty partition left by a batch
/// that is then refused does no harm.
actor IntervalPartitions {
    private let database: BackendDatabase
    private var known: Set<Int64> = []

    init(database: BackendDatabase) { self.database = database }

    /// Makes sure a partition holds every start in `starts` (UTC Unix seconds).
    func ensure(starts: some Sequence<Int64>) async throws {
        let months = Set(starts.map(Self.monthStart)).subtracting(known)
        for month in months.sorted() {
            let next = Self.nextMonth(month)
            let name = Self.partitionName(month)
            try await database.transaction { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(Self.partitionLock))", logger: database.logger)
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL:
                            "CREATE TABLE IF NOT EXISTS \(name) PARTITION OF intervals FOR VALUES FROM (\(month)) TO (\(next))"
                    ), logger: database.logger)
            }
            known.insert(month)
        }
    }

    static let partitionLock: Int64 = 0x7069_6e74_7061_7274

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The first second of the UTC month holding `time`.
    static func monthStart(_ time: Int64) -> Int64 {
        let date = Date(timeIntervalSince1970: TimeInterval(time))
        let parts = utc.dateComponents([.year, .month], from: date)
        return Int64(utc.date(from: parts)!.timeIntervalSince1970)
    }

    static func nextMonth(_ monthStart: Int64) -> Int64 {
        let date = Date(timeIntervalSince1970: TimeInterval(monthStart))
        return Int64(utc.date(byAdding: .month, value: 1, to: date)!.timeIntervalSince1970)
    }

    /// `intervals_y2026m07`: the UTC year and month.
    static func partitionName(_ monthStart: Int64) -> String {
        let parts = utc.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(monthStart)))
        let year = parts.year!
        let month = parts.month!
        return "intervals_y\(year < 0 ? "m\(-year)" : String(year))m\(month < 10 ? "0" : "")\(month)"
    }
}
