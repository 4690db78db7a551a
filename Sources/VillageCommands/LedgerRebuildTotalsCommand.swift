import ArgumentParser
import MarketStore

/// `village ledger rebuild-totals --db DB`: re-derives the monthly totals `village balance` reads
/// from the ledger rows.
struct LedgerRebuildTotalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild-totals",
        abstract: "Re-derive the stored monthly totals (what `village balance` reads) from the ledger rows.",
        discussion: """
            The monthly totals are a summary kept beside the ledger, not part of what is signed. When \
            `village ledger verify` reports totals that differ from the rows (e.g. written by an older \
            release around a price true-up), this replaces them with the rows' sums in one transaction. \
            It changes no ledger row, and it refuses, changing nothing, while the ledger itself does \
            not verify.
            """)

    @OptionGroup var options: LedgerDatabaseOptions

    func run() throws {
        let store = try LedgerDatabase.openExisting(options.databasePath)
        let rebuild = try SQLiteLedgerStore(store: store).rebuildMonthlyBalances()
        if options.json {
            try MarketFormatting.printJSON(rebuild)
        } else if rebuild.differing.isEmpty {
            print("Monthly totals already equal the ledger rows; nothing written.")
        } else {
            print(
                "\(rebuild.differing.count) stored monthly totals differed from the ledger rows; "
                    + "rewrote \(rebuild.monthsWritten) participant-months:")
            for mismatch in rebuild.differing.prefix(20) { print("  \(mismatch)") }
        }
    }
}
