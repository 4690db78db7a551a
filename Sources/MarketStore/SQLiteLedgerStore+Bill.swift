import GRDB
import Market
import Tariffs
import VillageStore

extension SQLiteLedgerStore {
    /// `village bill`: the household's bill for one local month (`YYYY-MM`), reading only.
    ///
    /// The tariff lines price the month's metered `energy.import` with `tariff` (as
    /// `village tariff bill` would for the same usage); the market lines come from the ledger's
    /// postings of the month's intervals, and the grid-only cost from the same monthly totals
    /// `village balance` reads. Refuses a malformed month, an unknown household and a month with
    /// neither meter data nor ledger entries with a ``StoreError``.
    public func householdBill(
        household: String, month: String, tariff: Tariff, contractKW: Int? = nil,
        calendar: SiteCalendar = SiteCalendar()
    ) throws -> HouseholdBill {
        guard let localMonth = Self.parseMonth(month) else {
            throw StoreError(
                code: .invalidArgument, path: "--month", subject: month,
                message: "expected a month as YYYY-MM, e.g. 2026-07")
        }
        let balances = try householdBalances(household: household, month: month)
        let range = calendar.range(of: localMonth)
        let usage = try meteredImport(household: household, from: range.lowerBound, to: range.upperBound)
        guard !usage.isEmpty || !balances.isEmpty else {
            throw StoreError(
                code: .invalidArgument, path: path, subject: "household \(household), \(month)",
                message: "no metered import and nothing settled in this month")
        }
        let tariffBill: Bill
        do {
            tariffBill = try tariff.bill(month: localMonth, usage: usage, contractKW: contractKW)
        } catch {
            throw StoreError(code: .invalidArgument, path: path, subject: "tariff \(tariff.name)", message: "\(error)")
        }
        var market = HouseholdBill.MarketLines(transactions: balances.reduce(0) { $0 + $1.transactionCount })
        market.gridOnlyCostMilliWon = balances.reduce(0) { $0 + $1.summary.gridOnlyCostMilliWon }
        if hasLedgerTables {
            let sums = try perform("bill of household \(household)", write: false) { db -> [PostingSumRow] in
                // The month's sequences first (corrections appended later included), so the postings
                // are one range of the account's covering index, not the account's whole history.
                guard
                    let bounds = try SequenceBoundsRow.fetchOne(
                        db,
                        sql: """
                            SELECT MIN(sequence) AS first_sequence, MAX(sequence) AS last_sequence FROM ledger_transactions
                            WHERE interval_start >= ? AND interval_start < ?
                            """,
                        arguments: [range.lowerBound, range.upperBound]),
                    let first = bounds.first, let last = bounds.last,
                    let account = try LedgerParties.load(db).existingCode(kind: "household", id: household)
                else { return [] }
                return try PostingSumRow.fetchAll(
                    db,
                    sql: """
                        SELECT p.purpose, p.commodity, SUM(MAX(p.amount, 0)) AS credits, SUM(MIN(p.amount, 0)) AS debits
                        FROM ledger_postings p JOIN ledger_transactions t ON t.sequence = p.sequence
                        WHERE p.account = ? AND p.sequence BETWEEN ? AND ?
                            AND t.interval_start >= ? AND t.interval_start < ?
                        GROUP BY p.purpose, p.commodity
                        """,
                    arguments: [account, first, last, range.lowerBound, range.upperBound])
            }
            for sum in sums {
                guard let purpose = PostingPurpose(code: sum.purpose), let commodity = Commodity(code: sum.commodity)
                else {
                    throw StoreError(
                        code: .malformedRow, path: path, subject: "household \(household), \(month)",
                        message: "a posting has an unknown purpose or commodity; run `village ledger verify`")
                }
                market.add(purpose: purpose, commodity: commodity, positive: sum.credits, negative: sum.debits)
            }
        }
        return HouseholdBill(
            household: household, month: month, meteredIntervals: usage.count,
            meteredImportWh: usage.reduce(0) { $0 + $1.importWh }, tariffBill: tariffBill, market: market)
    }

    /// The household's metered `energy.import` intervals with `from <= start < to`, oldest first,
    /// as the tariff engine takes usage (exports left at zero: the market settles them).
    public func meteredImport(household: String, from: Int64, to: Int64) throws -> [UsageInterval] {
        try perform("metered import of household \(household)", write: false) { db in
            try UsageRow.fetchAll(
                db,
                sql: """
                    SELECT start, value FROM intervals
                    WHERE owner_kind = 'household' AND owner_id = ? AND channel = ? AND start >= ? AND start < ?
                    ORDER BY start
                    """,
                arguments: [household, MeteringChannel.energyImport.rawValue, from, to]
            ).map { UsageInterval(start: $0.start, importWh: $0.value) }
        }
    }
}

/// The first and last transaction of a range of intervals; both NULL when it has none.
private struct SequenceBoundsRow: FetchableRecord {
    enum Columns {
        static let first = Column("first_sequence")
        static let last = Column("last_sequence")
    }

    var first: Int64?
    var last: Int64?

    init(row: Row) throws {
        first = try row.optionalInteger(Columns.first, of: LedgerRows.TransactionRow.databaseTableName)
        last = try row.optionalInteger(Columns.last, of: LedgerRows.TransactionRow.databaseTableName)
    }
}

/// A household's postings of one purpose and commodity in a month: credits and debits summed apart.
private struct PostingSumRow: FetchableRecord, Sendable {
    enum Columns {
        static let purpose = Column("purpose")
        static let commodity = Column("commodity")
        /// SUM of the positive amounts.
        static let credits = Column("credits")
        /// SUM of the negative amounts.
        static let debits = Column("debits")
    }

    var purpose: Int64
    var commodity: Int64
    var credits: Int64
    var debits: Int64

    init(row: Row) throws {
        let table = LedgerRows.PostingRow.databaseTableName
        purpose = try row.integer(Columns.purpose, of: table)
        commodity = try row.integer(Columns.commodity, of: table)
        credits = try row.integer(Columns.credits, of: table)
        debits = try row.integer(Columns.debits, of: table)
    }
}

/// One metered 15-minute `energy.import` of a household, from `intervals`.
private struct UsageRow: FetchableRecord, TableRecord {
    static let databaseTableName = "intervals"
    enum Columns {
        static let start = Column("start")
        static let value = Column("value")
    }

    var start: Int64
    var value: Int64

    init(row: Row) throws {
        start = try row.integer(Columns.start, of: Self.databaseTableName)
        value = try row.integer(Columns.value, of: Self.databaseTableName)
    }
}
