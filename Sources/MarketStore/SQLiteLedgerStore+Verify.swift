import GRDB
import Market

extension SQLiteLedgerStore {
    /// `village ledger verify`: rebuilds every transaction from its rows as stored and lets
    /// ``LedgerVerifier`` recompute the chain and the invariants.
    ///
    /// A row that cannot even be read back (an account kind that does not exist, a storage row
    /// with a household id) is reported as a hash mismatch of its transaction, unless an earlier
    /// transaction is already broken: the report always names the first broken one.
    public func verify() throws -> LedgerVerificationReport {
        guard hasLedgerTables else { return LedgerVerifier.verify([]) }
        do {
            return LedgerVerifier.verify(try database.read { db in try LedgerRows.read(db, where: "1", arguments: []) })
        } catch let malformed as MalformedLedgerRow {
            let before = try perform("verify", write: false) { [malformed] db in
                try LedgerRows.read(db, where: "sequence < ?", arguments: [malformed.sequence])
            }
            var report = LedgerVerifier.verify(before)
            report.transactionCount = try transactionCount()
            if report.firstViolation == nil {
                report.firstViolation = LedgerViolation(
                    position: before.count, idempotencyKey: malformed.idempotencyKey, intervalStart: 0,
                    code: .hashMismatch, message: "a row of this transaction cannot be read back (\(malformed.message)): altered after it was written")
            }
            return report
        } catch let error as DatabaseError {
            throw MarketStoreError(code: .sqlite, path: path, subject: "verify", message: "\(error)")
        }
    }
}
