import GRDB

/// The hourly SMP feed and the provisional export prices in the village database. The SQL lives
/// here with the schema; the ledger's batch passes its `Database` so that a provisional price is
/// recorded in the same transaction as the settlement that used it.
extension VillageStore {
    /// Stores the prices of one file in one transaction: an hour with no price yet is added, a
    /// changed price is added as a revision (the earlier value stays), the same price again adds
    /// nothing. A file with nothing new writes nothing, not even the import's row.
    package func importPrices(
        _ prices: [HourlyPrice], region: SMPRegion, sourceFile: String, importedAt: Int64
    ) async throws(StoreError) -> PriceImportResult {
        try await write("import SMP from \(sourceFile)") { db in
            var result = PriceImportResult(importId: nil, added: 0, revised: 0, unchanged: 0)
            guard let first = prices.map(\.hourStart).min(), let last = prices.map(\.hourStart).max() else {
                return result
            }
            let current = try Self.currentPrices(db, region: region, from: first, to: last + 3600)
            var changed: [HourlyPrice] = []
            for price in prices {
                switch current[price.hourStart] {
                case nil: result.added += 1
                case price.priceMilliWonPerKWh?:
                    result.unchanged += 1
                    continue
                default: result.revised += 1
                }
                changed.append(price)
            }
            guard !changed.isEmpty else { return result }
            try db.execute(
                sql: "INSERT INTO smp_imports (source_file, region, imported_at) VALUES (?, ?, ?)",
                arguments: [sourceFile, region.rawValue, importedAt])
            let importId = db.lastInsertedRowID
            result.importId = importId
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO smp_prices (region, hour_start, price_milli_won, import_id, source_line)
                    VALUES (?, ?, ?, ?, ?)
                    """)
            for price in changed.sorted(by: { $0.hourStart < $1.hourStart }) {
                try insert.execute(
                    arguments: [region.rawValue, price.hourStart, price.priceMilliWonPerKWh, importId, price.line])
            }
            return result
        }
    }

    /// The newest price of each hour starting in [from, to).
    package static func currentPrices(_ db: Database, region: SMPRegion, from: Int64, to: Int64) throws -> [Int64:
        Int64]
    {
        var prices: [Int64: Int64] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT hour_start, price_milli_won FROM smp_prices
                WHERE region = ? AND hour_start >= ? AND hour_start < ? ORDER BY hour_start, id
                """,
            arguments: [region.rawValue, from, to])
        while let row = try rows.next() { prices[row["hour_start"]] = row["price_milli_won"] }
        return prices
    }

    /// The newest price of each hour starting in [from, to).
    package func currentPrices(region: SMPRegion, from: Int64, to: Int64) async throws(StoreError) -> [Int64: Int64] {
        try await read("SMP prices") { db in
            guard try db.tableExists("smp_prices") else { return [:] }
            return try Self.currentPrices(db, region: region, from: from, to: to)
        }
    }

    /// For each hour of the day (UTC hour start modulo a day, in seconds), the latest published
    /// hour before `before` and its newest price: the basis of a provisional price.
    package func lastPublishedByHourOfDay(region: SMPRegion, before: Int64) async throws(StoreError) -> [Int64:
        HourlyPrice]
    {
        try await read("SMP by hour of day") { db in
            var latest: [Int64: HourlyPrice] = [:]
            // The newest day with prices is enough unless some hours are missing: look back a year.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT hour_start, price_milli_won, source_line FROM smp_prices
                    WHERE region = ? AND hour_start < ? AND hour_start >= ? ORDER BY hour_start, id
                    """,
                arguments: [region.rawValue, before, before - 366 * 86_400])
            while let row = try rows.next() {
                let hour: Int64 = row["hour_start"]
                let slot = ((hour % 86_400) + 86_400) % 86_400
                latest[slot] = HourlyPrice(
                    hourStart: hour, priceMilliWonPerKWh: row["price_milli_won"], line: row["source_line"])
            }
            return latest
        }
    }

    /// Every stored value of hours starting in [from, to), oldest revision first; `latestOnly`
    /// keeps each hour's newest value.
    package static func priceHistory(
        _ db: Database, region: SMPRegion?, from: Int64, to: Int64, latestOnly: Bool
    ) throws -> [StoredHourlyPrice] {
        guard try db.tableExists("smp_prices") else { return [] }
        var arguments: StatementArguments = [from, to]
        var regionFilter = ""
        if let region {
            regionFilter = "AND p.region = ?"
            arguments += [region.rawValue]
        }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT p.region, p.hour_start, p.price_milli_won, i.source_file, i.imported_at
                FROM smp_prices p JOIN smp_imports i ON i.id = p.import_id
                WHERE p.hour_start >= ? AND p.hour_start < ? \(regionFilter)
                ORDER BY p.region, p.hour_start, p.id
                """,
            arguments: arguments)
        var history: [StoredHourlyPrice] = []
        for row in rows {
            let regionName: String = row["region"]
            guard let region = SMPRegion(rawValue: regionName) else { continue }
            let hour: Int64 = row["hour_start"]
            let previous = history.last
            let revision =
                previous.map { $0.region == region && $0.hourStart == hour ? $0.revision + 1 : 0 } ?? 0
            let entry = StoredHourlyPrice(
                region: region, hourStart: hour, priceMilliWonPerKWh: row["price_milli_won"], revision: revision,
                sourceFile: row["source_file"], importedAt: row["imported_at"])
            if latestOnly, revision > 0 { history[history.count - 1] = entry } else { history.append(entry) }
        }
        return history
    }

    /// Every stored value of hours starting in [from, to) (see the static form).
    package func priceHistory(
        region: SMPRegion?, from: Int64 = .min, to: Int64 = .max, latestOnly: Bool = false
    ) async throws(StoreError) -> [StoredHourlyPrice] {
        try await read("SMP history") { db in
            try Self.priceHistory(db, region: region, from: from, to: to, latestOnly: latestOnly)
        }
    }

    // MARK: - Provisional prices and the true-up

    /// Records an interval settled with a provisional export price; `db` is the settlement's
    /// transaction.
    package static func recordProvisionalPrice(_ price: ProvisionalPrice, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO provisional_prices
                    (interval_start, region, export_price_milli_won, rule, basis_hour_start)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [
                price.intervalStart, price.region.rawValue, price.exportPriceMilliWonPerKWh, price.rule.rawValue,
                price.basisHourStart,
            ])
    }

    /// Notes the official price of a provisional interval and the correction (if any) that trued
    /// it up; `db` is the true-up's transaction. Intervals not settled provisionally are left alone.
    package static func closeProvisionalPrice(
        intervalStart: Int64, officialPriceMilliWonPerKWh: Int64, truedUpSequence: Int64?, _ db: Database
    ) throws {
        try db.execute(
            sql: """
                UPDATE provisional_prices SET official_price_milli_won = ?, trued_up_sequence = ?
                WHERE interval_start = ? AND official_price_milli_won IS NULL
                """,
            arguments: [officialPriceMilliWonPerKWh, truedUpSequence, intervalStart])
    }

    /// The intervals starting in [from, to) that were settled provisionally, open or closed.
    package static func provisionalPrices(_ db: Database, from: Int64, to: Int64) throws -> [ProvisionalPrice] {
        guard try db.tableExists("provisional_prices") else { return [] }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT interval_start, region, export_price_milli_won, rule, basis_hour_start,
                    official_price_milli_won, trued_up_sequence
                FROM provisional_prices WHERE interval_start >= ? AND interval_start < ? ORDER BY interval_start
                """,
            arguments: [from, to]
        ).compactMap { row in
            guard let region = SMPRegion(rawValue: row["region"]),
                let rule = ProvisionalPrice.Rule(rawValue: row["rule"])
            else { return nil }
            return ProvisionalPrice(
                intervalStart: row["interval_start"], region: region,
                exportPriceMilliWonPerKWh: row["export_price_milli_won"],
                rule: rule, basisHourStart: row["basis_hour_start"],
                officialPriceMilliWonPerKWh: row["official_price_milli_won"], truedUpSequence: row["trued_up_sequence"])
        }
    }

    /// The intervals starting in [from, to) that were settled provisionally.
    package func provisionalPrices(from: Int64 = .min, to: Int64 = .max) async throws(StoreError) -> [ProvisionalPrice]
    {
        try await read("provisional prices") { db in try Self.provisionalPrices(db, from: from, to: to) }
    }

    /// ``provisionalPrices(from:to:)`` on the calling thread, for callers that may block.
    package func provisionalPricesNow(from: Int64 = .min, to: Int64 = .max) throws(StoreError) -> [ProvisionalPrice] {
        try readNow("provisional prices") { db in try Self.provisionalPrices(db, from: from, to: to) }
    }

    /// Prices stored since the true-up last looked (rows after its mark): the hours whose official
    /// price is new or revised, and the id to mark once they are trued up.
    package func pricesSinceTrueUp(region: SMPRegion) async throws(StoreError) -> (
        hours: [Int64: Int64], throughId: Int64
    )? {
        try await read("SMP since the last true-up") { db in
            let mark =
                try Int64.fetchOne(
                    db, sql: "SELECT through_price_id FROM price_trueup_progress WHERE region = ?",
                    arguments: [region.rawValue]) ?? 0
            var hours: [Int64: Int64] = [:]
            var through = mark
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, hour_start FROM smp_prices WHERE region = ? AND id > ? ORDER BY id",
                arguments: [region.rawValue, mark])
            while let row = try rows.next() {
                let hour: Int64 = row["hour_start"]
                hours[hour] = hour
                through = max(through, row["id"])
            }
            guard through > mark else { return nil }
            return (try Self.currentPrices(db, region: region, hours: hours.keys), through)
        }
    }

    /// The newest price of each of `hours`.
    static func currentPrices(_ db: Database, region: SMPRegion, hours: some Collection<Int64>) throws -> [Int64: Int64]
    {
        guard let first = hours.min(), let last = hours.max() else { return [:] }
        let all = try currentPrices(db, region: region, from: first, to: last + 3600)
        return Dictionary(uniqueKeysWithValues: hours.compactMap { hour in all[hour].map { (hour, $0) } })
    }

    /// Marks the prices up to `throughId` as trued up.
    package func markTrueUp(region: SMPRegion, through throughId: Int64) async throws(StoreError) {
        try await write("mark the SMP true-up") { db in
            try db.execute(
                sql: """
                    INSERT INTO price_trueup_progress (region, through_price_id) VALUES (?, ?)
                    ON CONFLICT (region) DO UPDATE SET through_price_id = MAX(through_price_id, excluded.through_price_id)
                    """,
                arguments: [region.rawValue, throughId])
        }
    }

    // MARK: - Read-only, for the commands that only show

    /// ``priceHistory(_:region:from:to:latestOnly:)`` of an existing database, opened read-only.
    package static func priceHistory(
        path: String, region: SMPRegion?, from: Int64, to: Int64, latestOnly: Bool
    ) throws(StoreError) -> [StoredHourlyPrice] {
        let (database, _) = try openReadOnly(path: path)
        do {
            return try database.read { db in
                try priceHistory(db, region: region, from: from, to: to, latestOnly: latestOnly)
            }
        } catch {
            throw StoreError(code: .sqlite, path: path, subject: "SMP history", message: "\(error)")
        }
    }

    /// The intervals starting in [from, to) of an existing database, opened read-only, settled
    /// provisionally.
    package static func provisionalPrices(path: String, from: Int64 = .min, to: Int64 = .max) throws(StoreError)
        -> [ProvisionalPrice]
    {
        let (database, _) = try openReadOnly(path: path)
        do {
            return try database.read { db in try provisionalPrices(db, from: from, to: to) }
        } catch {
            throw StoreError(code: .sqlite, path: path, subject: "provisional prices", message: "\(error)")
        }
    }
}
