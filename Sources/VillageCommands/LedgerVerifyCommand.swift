import ArgumentParser
import Market
import MarketStore

/// `village ledger verify --db PATH`: recomputes the hash chain and the invariants from the rows
/// as stored; exits non-zero and names the first broken transaction.
struct LedgerVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Recompute the ledger's hash chain and invariants; exit 1 if broken.")

    @OptionGroup var options: LedgerDatabaseOptions

    struct Output: Encodable {
        struct Violation: Encodable {
            var position: Int
            var sequence: Int
            var idempotencyKey: String
            var intervalStart: Int64
            var code: String
            var message: String
        }

        var database: String
        var intact: Bool
        var transactionCount: Int
        var headHash: String
        var firstViolation: Violation?
        /// Derived monthly totals (what `village balance` reads) that differ from the ledger rows.
        var monthlyBalanceMismatches: [MonthlyBalanceMismatch]
    }

    func run() throws {
        let (report, mismatches) = try SQLiteLedgerStore(readOnlyPath: options.databasePath).verifyWithMonthlyBalances()
        let violation = report.firstViolation
        if options.json {
            try MarketFormatting.printJSON(
                Output(
                    database: options.databasePath, intact: report.isIntact, transactionCount: report.transactionCount,
                    headHash: report.headHash,
                    firstViolation: violation.map {
                        .init(
                            position: $0.position, sequence: $0.position, idempotencyKey: $0.idempotencyKey,
                            intervalStart: $0.intervalStart, code: $0.code.rawValue, message: $0.message)
                    }, monthlyBalanceMismatches: mismatches))
        } else if let violation {
            print(
                "Ledger BROKEN: transaction #\(violation.position) (\(violation.idempotencyKey)), interval "
                    + "\(MarketFormatting.localTime(violation.intervalStart)): \(violation.message) [\(violation.code.rawValue)]"
            )
            print(
                "Checked \(report.transactionCount) transactions; everything before #\(violation.position) is intact.")
        } else if !mismatches.isEmpty {
            print(
                "Ledger intact (\(report.transactionCount) transactions), but \(mismatches.count) stored monthly totals differ "
                    + "from it; `village balance` would show them wrong:")
            for mismatch in mismatches.prefix(20) { print("  \(mismatch)") }
        } else {
            print(
                "Ledger intact: \(report.transactionCount) transactions, hash chain, invariants and monthly totals verified."
            )
            print("Head hash: \(report.headHash)")
        }
        if violation != nil || !mismatches.isEmpty { throw ExitCode(1) }
    }
}
