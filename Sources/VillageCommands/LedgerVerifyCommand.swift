import ArgumentParser
import Market
import MarketStore

/// `village ledger verify --db PATH [--checkpoint OLD.json [--public-key K]] [--expect-head ROOT]`:
/// recomputes the hash chain, the invariants and the Merkle tree from the rows as stored, compares
/// the readings with the metering tables and, given a checkpoint kept outside the database, proves
/// that the ledger extends it; exits non-zero and names the first broken transaction.
struct LedgerVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the ledger's chain, invariants and Merkle tree; prove it extends a kept checkpoint.",
        discussion: """
            Without --checkpoint the check is internal: someone able to rewrite the whole file can \
            re-seal it. With a checkpoint a household or auditor kept (JSON from `village ledger \
            checkpoint --json`), a consistency proof (RFC 9162) shows that the ledger only grew since; \
            any rewrite of the past fails. The checkpoint's signature is checked with --public-key, or \
            else with the ledger.publicKey of the site file (--site).
            """)

    @OptionGroup var options: LedgerDatabaseOptions

    @Option(help: "A checkpoint kept outside the database (JSON); the ledger must extend it.")
    var checkpoint: String?

    @OptionGroup var key: LedgerPublicKeyOptions

    @Option(help: "The Merkle root (base64 or hex) or chain head hash (hex) the ledger must have now.")
    var expectHead: String?

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
        var merkleRoot: String?
        var firstViolation: Violation?
        /// Derived monthly totals (what `village balance` reads) that differ from the ledger rows.
        var monthlyBalanceMismatches: [MonthlyBalanceMismatch]
        var treeMismatch: TreeMismatch?
        var meteringMismatchCount: Int
        var meteringMismatches: [MeteringMismatch]
        var checkpoint: CheckpointConsistency?
        var expectedHeadMatches: Bool?
    }

    func validate() throws {
        if key.publicKey != nil, checkpoint == nil {
            throw ValidationError("--public-key checks a checkpoint's signature: give --checkpoint too")
        }
    }

    func run() throws {
        let kept: LedgerCheckpoint?
        do {
            kept = try checkpoint.map { try LedgerCheckpoint.read(path: $0) }
        } catch {
            throw CommandError("--checkpoint: \(error)")
        }
        // The site file's key matters only for a checkpoint's signature.
        let publicKey = kept == nil ? nil : try key.resolve()?.key
        let ledger = try SQLiteLedgerStore(readOnlyPath: options.databasePath)
        let (report, mismatches) = try ledger.verifyWithMonthlyBalances()
        // A ledger whose rows cannot all be read back is already reported broken by the chain.
        let readable = report.firstViolation == nil
        let transactions = readable ? try ledger.allTransactions() : []
        let tree = readable ? try ledger.verifyTree(transactions: transactions) : nil
        let metering = readable ? try ledger.meteringMismatches(transactions: transactions) : []
        let head = try? ledger.treeHead()
        let consistency = try kept.map { try ledger.verify(against: $0, publicKey: publicKey) }
        let expectedHeadMatches = expectHead.map { expected in
            let root = head?.root
            return expected == report.headHash || expected == root?.base64 || expected.lowercased() == root?.hex
        }
        let violation = report.firstViolation
        let failed =
            violation != nil || !mismatches.isEmpty || tree != nil || !metering.isEmpty
            || consistency.map { !$0.consistent } ?? false || expectedHeadMatches == false
        if options.json {
            try MarketFormatting.printJSON(
                Output(
                    database: options.databasePath, intact: !failed, transactionCount: report.transactionCount,
                    headHash: report.headHash, merkleRoot: head?.root.base64,
                    firstViolation: violation.map {
                        .init(
                            position: $0.position, sequence: $0.position, idempotencyKey: $0.idempotencyKey,
                            intervalStart: $0.intervalStart, code: $0.code.rawValue, message: $0.message)
                    }, monthlyBalanceMismatches: mismatches, treeMismatch: tree,
                    meteringMismatchCount: metering.count, meteringMismatches: Array(metering.prefix(100)),
                    checkpoint: consistency, expectedHeadMatches: expectedHeadMatches))
        } else {
            printText(report, mismatches, tree, metering, consistency, expectedHeadMatches, head?.root)
        }
        if failed { throw ExitCode(1) }
    }

    private func printText(
        _ report: LedgerVerificationReport, _ mismatches: [MonthlyBalanceMismatch], _ tree: TreeMismatch?,
        _ metering: [MeteringMismatch], _ consistency: CheckpointConsistency?, _ expectedHeadMatches: Bool?,
        _ root: MerkleHash?
    ) {
        if let violation = report.firstViolation {
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
            print("`village ledger rebuild-totals --db \(options.databasePath)` re-derives them from the rows.")
        } else {
            print(
                "Ledger intact: \(report.transactionCount) transactions, hash chain, invariants and monthly totals verified."
            )
            print("Head hash: \(report.headHash)")
        }
        if let tree {
            print("Merkle tree BROKEN: \(tree.message)")
        } else if let root {
            print("Merkle root: \(root.base64)")
        }
        if !metering.isEmpty {
            print("\(metering.count) ledger readings disagree with the metering intervals, the first:")
            for mismatch in metering.prefix(10) { print("  \(mismatch)") }
        }
        if let consistency {
            print(
                (consistency.consistent ? "Checkpoint verified: " : "Checkpoint FAILED: ") + consistency.message + ".")
        }
        if let expectedHeadMatches {
            print(expectedHeadMatches ? "Expected head matches." : "Expected head does NOT match the ledger's.")
        }
    }
}
