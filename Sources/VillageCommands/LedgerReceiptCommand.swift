import ArgumentParser
import Market
import MarketStore
import Tariffs

/// `village ledger receipt --db DB --household ID --interval TIME`: what a household keeps to prove,
/// offline, that its settlement is in the ledger.
struct LedgerReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "A household's receipt for one interval: transaction, index, inclusion proof, signed checkpoint.",
        discussion: """
            The receipt is checked offline with `village ledger verify-receipt FILE --public-key K`. \
            It needs a checkpoint that covers the transaction (`village ledger checkpoint`, or the \
            daemon's after each settlement).
            """)

    @OptionGroup var options: LedgerDatabaseOptions

    @Option(help: "The household's unit number.")
    var household: String

    @Option(help: "The interval by its start, local time (e.g. 2026-01-15T12:00) or Unix seconds.")
    var interval: String

    func validate() throws { _ = try intervalStart() }

    func intervalStart(calendar: SiteCalendar = SiteCalendar()) throws -> Int64 {
        guard let start = InstantParser.parse(interval, utcOffsetSeconds: calendar.utcOffsetSeconds),
            start % MeteredSettlement.intervalSeconds == 0
        else {
            throw ValidationError(
                "--interval: '\(interval)' is not the start of a 15-minute interval (e.g. 2026-01-15T12:00)")
        }
        return start
    }

    func run() throws {
        let ledger = try SQLiteLedgerStore(readOnlyPath: options.databasePath)
        let receipt = try ledger.receipt(household: household, intervalStart: try intervalStart())
        if options.json {
            try MarketFormatting.printJSON(receipt)
        } else {
            print(
                "Receipt: household \(household), interval \(MarketFormatting.localTime(receipt.transaction.intervalStart)), "
                    + "transaction #\(receipt.index) (\(receipt.transaction.idempotencyKey))")
            print("Leaf hash: \(receipt.leafHash.base64)")
            print(
                "Inclusion proof (\(receipt.inclusionProof.count) hashes) in the tree of \(receipt.checkpoint.treeSize):"
            )
            for hash in receipt.inclusionProof { print("  \(hash.base64)") }
            print("Checkpoint:")
            print(receipt.checkpoint.signedNote, terminator: "")
            print("Save it with --json to verify it later with `village ledger verify-receipt`.")
        }
    }
}

/// `village ledger verify-receipt FILE [--public-key K | --site FILE]`: checks a receipt with nothing
/// but the file and the operator's public key, by default the one the site file publishes.
struct LedgerVerifyReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-receipt",
        abstract: "Check a receipt offline (no database): its transaction, inclusion proof and signed checkpoint.")

    @Argument(help: "The receipt (JSON from `village ledger receipt --json`).")
    var file: String

    @OptionGroup var key: LedgerPublicKeyOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    struct Output: Encodable {
        var file: String
        var valid: Bool
        var household: String?
        var index: Int64?
        var treeSize: Int64?
        var error: String?
    }

    func run() throws {
        guard let (publicKey, _) = try key.resolve() else {
            throw CommandError(
                "--public-key: not given, and no site file (--site) publishes a ledger.publicKey to check the receipt with"
            )
        }
        let receipt: LedgerReceipt
        do {
            receipt = try LedgerReceipt.read(path: file)
        } catch {
            throw CommandError(error.description)
        }
        do {
            try receipt.verify(publicKey: publicKey)
        } catch {
            if json {
                try MarketFormatting.printJSON(
                    Output(
                        file: file, valid: false, household: receipt.household, index: receipt.index,
                        treeSize: receipt.checkpoint.treeSize, error: error.message))
            } else {
                print("Receipt INVALID: \(error.message)")
            }
            throw ExitCode(1)
        }
        if json {
            try MarketFormatting.printJSON(
                Output(
                    file: file, valid: true, household: receipt.household, index: receipt.index,
                    treeSize: receipt.checkpoint.treeSize, error: nil))
        } else {
            print(
                "Receipt valid: transaction #\(receipt.index) of household \(receipt.household) is in the ledger "
                    + "of \(receipt.checkpoint.treeSize) transactions signed at \(LocalTime.format(receipt.checkpoint.time)) "
                    + "by \(receipt.checkpoint.origin).")
        }
    }
}
