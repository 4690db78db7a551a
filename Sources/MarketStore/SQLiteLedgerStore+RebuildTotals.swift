import GRDB
import Market
import VillageStore

/// What `village ledger rebuild-totals` found and wrote.
public struct MonthlyBalanceRebuild: Hashable, Sendable, Codable {
    /// The stored monthly totals that differed from the rows (missing, different or without rows).
    public var differing: [MonthlyBalanceMismatch]
    /// Participant-months written; 0 when nothing differed and the table was left untouched.
    public var monthsWritten: Int
}

extension SQLiteLedgerStore {
    /// Replaces the derived monthly totals (`ledger_monthly_balances`, what `village balance` reads)
    /// with the sums of the ledger rows, in one transaction, when any differs: e.g. totals written by
    /// an older release that did not re-price the grid-only baseline on a price true-up.
    ///
    /// Refused, changing nothing, while the ledger itself does not verify: the totals are derived
    /// from the rows, so deriving them from tampered rows would only hide the damage from
    /// `village balance` while `ledger verify` still reports it.
    public func rebuildMonthlyBalances() throws -> MonthlyBalanceRebuild {
        guard hasLedgerTables else { return MonthlyBalanceRebuild(differing: [], monthsWritten: 0) }
        let path = path
        return try perform("rebuild monthly totals") { db in
            let transactions = try LedgerRows.read(db, where: "1", arguments: [])
            let report = LedgerVerifier.verify(transactions)
            if let violation = report.firstViolation {
                throw StoreError(
                    code: .invalidValue, path: path, subject: "ledger",
                    message:
                        "the ledger does not verify (transaction \(violation.position): \(violation.message)); "
                        + "monthly totals are derived from its rows and were not rebuilt")
            }
            let stored = try MonthlyBalanceRows.readAll(db)
            let storedCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_monthly_balances") ?? 0
            let derived = Self.derivedMonthlyBalances(transactions)
            let differing = Self.compare(stored: stored, storedCount: storedCount, expected: derived)
            guard !differing.isEmpty else { return MonthlyBalanceRebuild(differing: [], monthsWritten: 0) }
            try db.execute(sql: "DELETE FROM ledger_monthly_balances")
            try MonthlyBalanceRows.insert(derived, into: db)
            return MonthlyBalanceRebuild(differing: differing, monthsWritten: derived.count)
        }
    }
}
