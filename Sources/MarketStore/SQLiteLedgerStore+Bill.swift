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
    /// neither meter data nor ledger entries with a ``MarketStoreError``.
    public func householdBill(household: String, month: String, tariff: Tariff, contractKW: Int? = nil,
                              calendar: SiteCalendar = SiteCalendar()) throws -> HouseholdBill {
        guard let localMonth = Self.parseMonth(month) else {
            throw MarketStoreError(code: .invalidArgument, path: "--month", subject: month,
                                   message: "expected a month as YYYY-MM, e.g. 2026-07")
        }
        let balances = try householdBalances(household: household, month: month)
        let range = calendar.range(of: localMonth)
        let usage = try meteredImport(household: household, from: range.lowerBound, to: range.upperBound)
        guard !usage.isEmpty || !balances.isEmpty else {
            throw MarketStoreError(code: .invalidArgument, path: path, subject: "household \(household), \(month)",
                                   message: "no metered import and nothing settled in this month")
        }
        let tariffBill: Bill
        do {
            tariffBill = try tariff.bill(month: localMonth, usage: usage, contractKW: contractKW)
        } catch {
            throw MarketStoreError(code: .invalidArgument, path: path, subject: "tariff \(tariff.name)", message: "\(error)")
        }
        var market = HouseholdBill.MarketLines(transactions: balances.reduce(0) { $0 + $1.transactionCount })
        market.gridOnlyCostMilliWon = balances.reduce(0) { $0 + $1.summary.gridOnlyCostMilliWon }
        if hasLedgerTables {
            let sums = try perform("bill of household \(household)", write: false) { db -> [(String, String, Int64, Int64)] in
                // The month's sequences first (corrections appended later included), so the postings
                // are one range of the account's covering index, not the account's whole history.
                guard let bounds = try Row.fetchOne(
                    db, sql: "SELECT MIN(sequence), MAX(sequence) FROM ledger_transactions WHERE interval_start >= ? AND interval_start < ?",
                    arguments: [range.lowerBound, range.upperBound]),
                    let first = bounds[0] as Int64?, let last = bounds[1] as Int64? else { return [] }
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT p.purpose, p.commodity, SUM(MAX(p.amount, 0)), SUM(MIN(p.amount, 0))
                        FROM ledger_postings p JOIN ledger_transactions t ON t.sequence = p.sequence
                        WHERE p.account_kind = 'household' AND p.account_id = ? AND p.sequence BETWEEN ? AND ?
                            AND t.interval_start >= ? AND t.interval_start < ?
                        GROUP BY p.purpose, p.commodity
                        """,
                    arguments: [household, first, last, range.lowerBound, range.upperBound]
                ).map { row in (row[0], row[1], row[2], row[3]) }
            }
            for (purposeText, commodityText, positive, negative) in sums {
                guard let purpose = PostingPurpose(rawValue: purposeText), let commodity = Commodity(rawValue: commodityText) else {
                    throw MarketStoreError(code: .malformedRow, path: path, subject: "household \(household), \(month)",
                                           message: "a posting has an unknown purpose or commodity; run `village ledger verify`")
                }
                market.add(purpose: purpose, commodity: commodity, positive: positive, negative: negative)
            }
        }
        return HouseholdBill(household: household, month: month, meteredIntervals: usage.count,
                             meteredImportWh: usage.reduce(0) { $0 + $1.importWh }, tariffBill: tariffBill, market: market)
    }

    /// The household's metered `energy.import` intervals with `from <= start < to`, oldest first,
    /// as the tariff engine takes usage (exports left at zero: the market settles them).
    public func meteredImport(household: String, from: Int64, to: Int64) throws -> [UsageInterval] {
        try perform("metered import of household \(household)", write: false) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT start, value FROM intervals
                    WHERE owner_kind = 'household' AND owner_id = ? AND channel = ? AND start >= ? AND start < ?
                    ORDER BY start
                    """,
                arguments: [household, MeteringChannel.energyImport.rawValue, from, to]
            ).map { row in UsageInterval(start: row[0], importWh: row[1]) }
        }
    }
}
