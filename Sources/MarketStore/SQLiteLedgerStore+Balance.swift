import GRDB
import Market
import Tariffs
import VillageStore

extension SQLiteLedgerStore {
    /// One participant's balance per local month over interval starts in [from, to), from the
    /// ledger's indexed rows: its readings and postings only, never whole transactions.
    ///
    /// The period's transactions by interval, its readings and household prices by sequence range
    /// (a scan of the period's rows: this is the check on the monthly totals, not what
    /// `village balance` reads), and the participant's postings through their covering index; the
    /// result equals
    /// ``ParticipantSummary/init(participant:transactions:fromIntervalStart:toIntervalStart:)``
    /// month by month, which the tests check.
    public func monthlyBalances(
        participant: Participant, from: Int64 = .min, to: Int64 = .max, calendar: SiteCalendar = SiteCalendar()
    ) throws -> [MonthlyBalance] {
        guard hasLedgerTables else { return [] }
        let (kind, id) = LedgerRows.columns(participant)
        return try perform("balance of \(participant)", write: false) { db in
            // The period's transactions: sequence → month slot and grid prices.
            var first: Int64 = .max
            var last: Int64 = .min
            var entries: [(sequence: Int64, start: Int64, slot: Int, exportPrice: Int64, importPrice: Int64)] = []
            var months: [LocalMonth] = []
            var slotOfDay: (day: Int64, slot: Int) = (.min, -1)
            let rows = try PeriodTransactionRow.fetchPositionedCursor(
                db,
                sql: """
                    SELECT sequence, interval_start, export_price, import_price FROM ledger_transactions
                    WHERE interval_start >= ? AND interval_start < ?
                    """,
                arguments: [from, to])
            while let row = try rows.next() {
                let sequence = row.sequence
                let start = row.intervalStart
                let day = calendar.date(of: start).dayNumber
                if day != slotOfDay.day {
                    let month = calendar.month(of: start)
                    let slot =
                        months.firstIndex(of: month)
                        ?? {
                            months.append(month)
                            return months.count - 1
                        }()
                    slotOfDay = (day, slot)
                }
                entries.append((sequence, start, slotOfDay.slot, row.exportPrice, row.importPrice))
                first = min(first, sequence)
                last = max(last, sequence)
            }
            guard !entries.isEmpty else { return [] }
            // Dense by sequence: sequences are 0, 1, 2, … so the period is one slice.
            let count = Int(last - first + 1)
            var slots = [Int](repeating: -1, count: count)
            var exportPrices = [Int64](repeating: 0, count: count)
            var importPrices = [Int64](repeating: 0, count: count)
            // The offset of the next transaction of the same interval, or -1: where a price
            // true-up re-prices the grid-only baseline of the interval's readings.
            var nextInInterval = [Int](repeating: -1, count: count)
            for entry in entries {
                let offset = Int(entry.sequence - first)
                slots[offset] = entry.slot
                exportPrices[offset] = entry.exportPrice
                importPrices[offset] = entry.importPrice
            }
            var lastOfInterval: [Int64: Int] = [:]
            for entry in entries.sorted(by: { $0.sequence < $1.sequence }) {
                let offset = Int(entry.sequence - first)
                if let previous = lastOfInterval.updateValue(offset, forKey: entry.start) {
                    nextInInterval[previous] = offset
                }
            }
            if case .household(let household) = participant {
                let prices = try ImportPriceRow.fetchPositionedCursor(
                    db,
                    sql: """
                        SELECT sequence, import_price FROM ledger_household_prices
                        WHERE household_id = ? AND sequence BETWEEN ? AND ?
                        """,
                    arguments: [household, first, last])
                while let row = try prices.next() { importPrices[Int(row.sequence - first)] = row.importPrice }
            }
            // A party the ledger never named has no readings and no postings.
            guard let code = try LedgerParties.load(db).existingCode(kind: kind, id: id) else { return [] }
            var summaries = months.map { _ in ParticipantSummary(participant: participant) }
            // Whether the participant has a row in the transaction at each offset (counted per month at the end).
            var touched = [Bool](repeating: false, count: count)
            let readings = try ReadingAmountsRow.fetchPositionedCursor(
                db,
                sql: """
                    SELECT sequence, produced_wh, consumed_wh FROM ledger_readings
                    WHERE participant = ? AND sequence BETWEEN ? AND ?
                    """,
                arguments: [code, first, last])
            while let row = try readings.next() {
                let offset = Int(row.sequence - first)
                let slot = slots[offset]
                guard slot >= 0 else { continue }
                let reading = MeterReading(
                    participant: participant, producedWh: row.producedWh, consumedWh: row.consumedWh)
                summaries[slot].add(
                    reading, importPriceMilliWonPerKWh: importPrices[offset],
                    exportPriceMilliWonPerKWh: exportPrices[offset])
                touched[offset] = true
                // Each later transaction of the interval at other prices (a price true-up)
                // re-prices the reading, as ``GridOnlyRepricing`` does for whole transactions.
                var priced = ParticipantSummary.gridOnlyCost(
                    of: reading, importPriceMilliWonPerKWh: importPrices[offset],
                    exportPriceMilliWonPerKWh: exportPrices[offset])
                var later = nextInInterval[offset]
                while later >= 0 {
                    let repriced = ParticipantSummary.gridOnlyCost(
                        of: reading, importPriceMilliWonPerKWh: importPrices[later],
                        exportPriceMilliWonPerKWh: exportPrices[later])
                    if repriced != priced {
                        summaries[slot].gridOnlyCostMilliWon += repriced - priced
                        touched[later] = true
                        priced = repriced
                    }
                    later = nextInInterval[later]
                }
            }
            // Purpose and commodity as one small integer (purpose × 2 + commodity).
            let postings = try PostingAmountRow.fetchPositionedCursor(
                db,
                sql: """
                    SELECT sequence, purpose * 2 + commodity AS posting_kind, amount FROM ledger_postings
                    WHERE account = ? AND sequence BETWEEN ? AND ?
                    """,
                arguments: [code, first, last])
            let account = participant.account
            while let row = try postings.next() {
                let sequence = row.sequence
                let offset = Int(sequence - first)
                let slot = slots[offset]
                guard slot >= 0 else { continue }
                let code = row.postingKind
                guard (0..<Int64(Self.postingKinds.count)).contains(code) else {
                    throw StoreError(
                        code: .malformedRow, path: self.path, subject: "transaction #\(sequence)",
                        message: "a posting has an unknown purpose or commodity; run `village ledger verify`")
                }
                let (purpose, commodity) = Self.postingKinds[Int(code)]
                summaries[slot].add(
                    Posting(account: account, purpose: purpose, commodity: commodity, amount: row.amount))
                touched[offset] = true
            }
            var counts = [Int](repeating: 0, count: months.count)
            for offset in 0..<count where touched[offset] { counts[slots[offset]] += 1 }
            return months.indices
                .map {
                    MonthlyBalance(month: months[$0].description, summary: summaries[$0], transactionCount: counts[$0])
                }
                .filter { $0.transactionCount > 0 }
                .sorted { $0.month < $1.month }
        }
    }

    /// Posting kinds by the code the balance query computes: purpose × 2 + commodity.
    static let postingKinds: [(PostingPurpose, Commodity)] = [
        (.peerTrade, .energyWh), (.peerTrade, .moneyMilliWon), (.gridImport, .energyWh), (.gridImport, .moneyMilliWon),
        (.gridExport, .energyWh), (.gridExport, .moneyMilliWon),
    ]
}

/// The period's transactions as the balance reads them: sequence, interval and grid prices.
private struct PeriodTransactionRow: PositionedRecord {
    typealias Columns = LedgerRows.TransactionRow.Columns
    struct Positions {
        var sequence, intervalStart, exportPrice, importPrice: Int
    }

    var sequence: Int64
    var intervalStart: Int64
    var exportPrice: Int64
    var importPrice: Int64

    static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
        let table = LedgerRows.TransactionRow.databaseTableName
        return Positions(
            sequence: try results.position(of: Columns.sequence, in: table),
            intervalStart: try results.position(of: Columns.intervalStart, in: table),
            exportPrice: try results.position(of: Columns.exportPrice, in: table),
            importPrice: try results.position(of: Columns.importPrice, in: table))
    }

    init(row: Row, at p: Positions) throws(LedgerColumnError) {
        let table = LedgerRows.TransactionRow.databaseTableName
        sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
        do {
            intervalStart = try row.integer(at: p.intervalStart, Columns.intervalStart, of: table)
            exportPrice = try row.integer(at: p.exportPrice, Columns.exportPrice, of: table)
            importPrice = try row.integer(at: p.importPrice, Columns.importPrice, of: table)
        } catch {
            throw error.inTransaction(sequence)
        }
    }
}

/// A household's own import price in one transaction.
private struct ImportPriceRow: PositionedRecord {
    typealias Columns = LedgerRows.HouseholdPriceRow.Columns
    struct Positions {
        var sequence, importPrice: Int
    }

    var sequence: Int64
    var importPrice: Int64

    static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
        let table = LedgerRows.HouseholdPriceRow.databaseTableName
        return Positions(
            sequence: try results.position(of: Columns.sequence, in: table),
            importPrice: try results.position(of: Columns.importPrice, in: table))
    }

    init(row: Row, at p: Positions) throws(LedgerColumnError) {
        let table = LedgerRows.HouseholdPriceRow.databaseTableName
        sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
        do {
            importPrice = try row.integer(at: p.importPrice, Columns.importPrice, of: table)
        } catch {
            throw error.inTransaction(sequence)
        }
    }
}

/// The participant's metered energies in one transaction.
private struct ReadingAmountsRow: PositionedRecord {
    typealias Columns = LedgerRows.ReadingRow.Columns
    struct Positions {
        var sequence, producedWh, consumedWh: Int
    }

    var sequence: Int64
    var producedWh: Int64
    var consumedWh: Int64

    static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
        let table = LedgerRows.ReadingRow.databaseTableName
        return Positions(
            sequence: try results.position(of: Columns.sequence, in: table),
            producedWh: try results.position(of: Columns.producedWh, in: table),
            consumedWh: try results.position(of: Columns.consumedWh, in: table))
    }

    init(row: Row, at p: Positions) throws(LedgerColumnError) {
        let table = LedgerRows.ReadingRow.databaseTableName
        sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
        do {
            producedWh = try row.integer(at: p.producedWh, Columns.producedWh, of: table)
            consumedWh = try row.integer(at: p.consumedWh, Columns.consumedWh, of: table)
        } catch {
            throw error.inTransaction(sequence)
        }
    }
}

/// One posting of the participant: its kind as the code the query computes (see
/// ``SQLiteLedgerStore/postingKinds``) and its amount.
private struct PostingAmountRow: PositionedRecord {
    typealias Columns = LedgerRows.PostingRow.Columns
    /// The computed purpose × 2 + commodity code.
    static let postingKind = Column("posting_kind")
    struct Positions {
        var sequence, postingKind, amount: Int
    }

    var sequence: Int64
    var postingKind: Int64
    var amount: Int64

    static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
        let table = LedgerRows.PostingRow.databaseTableName
        return Positions(
            sequence: try results.position(of: Columns.sequence, in: table),
            postingKind: try results.position(of: Self.postingKind, in: table),
            amount: try results.position(of: Columns.amount, in: table))
    }

    init(row: Row, at p: Positions) throws(LedgerColumnError) {
        let table = LedgerRows.PostingRow.databaseTableName
        sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
        do {
            postingKind = try row.integer(at: p.postingKind, Self.postingKind, of: table)
            amount = try row.integer(at: p.amount, Columns.amount, of: table)
        } catch {
            throw error.inTransaction(sequence)
        }
    }
}
