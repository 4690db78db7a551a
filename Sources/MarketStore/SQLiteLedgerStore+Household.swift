import GRDB
import Market
import Tariffs
import VillageStore

extension SQLiteLedgerStore {
    /// `village balance`: a household's months, or one month given as `YYYY-MM` (site local time).
    ///
    /// Refuses an unknown household and a malformed month with a ``StoreError`` naming the
    /// argument; reads only. Equal to ``monthlyBalances(participant:from:to:calendar:)``, which
    /// computes the same from the rows (tested).
    public func householdBalances(household: String, month: String? = nil) throws -> [MonthlyBalance] {
        if let month, Self.parseMonth(month) == nil {
            throw StoreError(
                code: .invalidArgument, path: "--month", subject: month,
                message: "expected a month as YYYY-MM, e.g. 2026-07")
        }
        let (path, hasLedgerTables) = (path, hasLedgerTables)
        // One read for the household check and the balance: the server answers this per request.
        return try perform("balance of household \(household)", write: false) { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM households WHERE unit_id = ?)", arguments: [household])
                    ?? false
            else {
                throw StoreError(
                    code: .unknownHousehold, path: path, subject: "household \(household)",
                    message: "no such household in this village database")
            }
            guard hasLedgerTables else { return [] }
            // The derived monthly totals: at most twelve rows a year, kept in step with the rows by
            // every append and checked by `village ledger verify`.
            return try MonthlyBalanceRows.read(
                db, participant: .household(household), fromMonth: month ?? "", toMonth: month ?? "~")
        }
    }

    /// `YYYY-MM` with a four-digit year and a two-digit month, nothing else.
    static func parseMonth(_ text: String) -> LocalMonth? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 7, utf8[4] == UInt8(ascii: "-"),
            utf8.enumerated().allSatisfy({
                $0.offset == 4 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element)
            })
        else { return nil }
        return LocalMonth(iso: text)
    }
}
