import GRDB
import Market
import Tariffs
import VillageStore

/// A stored monthly total that differs from the total recomputed from the ledger rows.
public struct MonthlyBalanceMismatch: Hashable, Sendable, Codable, CustomStringConvertible {
    public var participant: Participant
    public var month: String
    public var message: String

    public var description: String { "\(participant), \(month): \(message)" }
}

extension SQLiteLedgerStore {
    /// `village ledger verify`: rebuilds every transaction from its rows as stored and lets
    /// ``LedgerVerifier`` recompute the chain and the invariants.
    ///
    /// A row that cannot even be read back (an account kind that does not exist, a storage row
    /// with a household id) is reported as a hash mismatch of its transaction, unless an earlier
    /// transaction is already broken: the report always names the first broken one.
    public func verify() throws -> LedgerVerificationReport {
        try verifyWithMonthlyBalances().report
    }

    /// ``verify()`` plus a check of the derived monthly totals that `village balance` reads: each
    /// must equal the sum recomputed from the rows (only checked when the ledger itself is intact).
    public func verifyWithMonthlyBalances() throws -> (
        report: LedgerVerificationReport, balanceMismatches: [MonthlyBalanceMismatch]
    ) {
        guard hasLedgerTables else { return (LedgerVerifier.verify([]), []) }
        let transactions: [LedgerTransaction]
        let stored: [MonthlyBalanceRows.MonthKey: MonthlyBalance]
        let storedCount: Int
        do {
            (transactions, stored, storedCount) = try database.read { db in
                (
                    try LedgerRows.read(db, where: "1", arguments: []), try MonthlyBalanceRows.readAll(db),
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_monthly_balances") ?? 0
                )
            }
        } catch let malformed as MalformedLedgerRow {
            let before = try perform("verify", write: false) { [malformed] db in
                try LedgerRows.read(db, where: "sequence < ?", arguments: [malformed.sequence])
            }
            var report = LedgerVerifier.verify(before)
            report.transactionCount = try transactionCount()
            if report.firstViolation == nil {
                report.firstViolation = LedgerViolation(
                    position: before.count, idempotencyKey: malformed.idempotencyKey, intervalStart: 0,
                    code: .hashMismatch,
                    message:
                        "a row of this transaction cannot be read back (\(malformed.message)): altered after it was written"
                )
            }
            return (report, [])
        } catch let error as LedgerColumnError {
            throw error.storeError(path: path)
        } catch let error as DatabaseError {
            throw StoreError(code: .sqlite, path: path, subject: "verify", message: "\(error)")
        }
        let report = LedgerVerifier.verify(transactions)
        guard report.isIntact else { return (report, []) }
        return (
            report,
            Self.compare(stored: stored, storedCount: storedCount, expected: Self.derivedMonthlyBalances(transactions))
        )
    }

    static func compare(
        stored: [MonthlyBalanceRows.MonthKey: MonthlyBalance], storedCount: Int,
        expected: [MonthlyBalanceRows.MonthKey: MonthlyBalance]
    ) -> [MonthlyBalanceMismatch] {
        var mismatches: [MonthlyBalanceMismatch] = []
        for (key, balance) in expected where stored[key] != balance {
            mismatches.append(
                MonthlyBalanceMismatch(
                    participant: key.participant, month: key.month,
                    message: stored[key] == nil
                        ? "stored monthly total is missing" : "stored monthly total differs from the ledger rows"))
        }
        for key in stored.keys where expected[key] == nil {
            mismatches.append(
                MonthlyBalanceMismatch(
                    participant: key.participant, month: key.month,
                    message: "stored monthly total without ledger rows"))
        }
        if storedCount != stored.count {
            mismatches.append(
                MonthlyBalanceMismatch(
                    participant: .storage, month: "?",
                    message: "\(storedCount - stored.count) stored monthly totals name no valid participant"))
        }
        return mismatches.sorted { ($0.month, $0.participant.description) < ($1.month, $1.participant.description) }
    }

    /// The monthly totals the rows of `transactions` (the whole ledger, in order) add up to: what
    /// `ledger_monthly_balances` must hold.
    static func derivedMonthlyBalances(_ transactions: [LedgerTransaction]) -> [MonthlyBalanceRows.MonthKey:
        MonthlyBalance]
    {
        let calendar = SiteCalendar()
        var expected: [MonthlyBalanceRows.MonthKey: MonthlyBalance] = [:]
        var repricing = GridOnlyRepricing()
        for transaction in transactions {
            let month = calendar.month(of: transaction.intervalStart).description
            let parts = MonthlyBalanceRows.contributions(
                of: transaction, repricing: repricing.adjustments(for: transaction))
            for (participant, part) in parts {
                let key = MonthlyBalanceRows.MonthKey(participant: participant, month: month)
                var entry =
                    expected[key]
                    ?? MonthlyBalance(
                        month: month, summary: ParticipantSummary(participant: participant), transactionCount: 0)
                entry.summary.add(part)
                entry.transactionCount += 1
                expected[key] = entry
            }
        }
        return expected
    }
}
