/// The registry of sources.
enum ExportSources {
    /// Every table `--what` can name, in the order `all` exports them.
    static let standard: [any ExportSource] = [
        ReadingSource(),
        IntervalSource(),
        UnrecordedSource(
            table: .trades, expectedTables: ["ledger_transactions", "ledger_postings"],
            recordedBy: "the market's settlement ledger"),
        UnrecordedSource(
            table: .dispatch, expectedTables: ["dispatch_plans"], recordedBy: "the dispatch scheduler"),
        EventSource(),
    ]
}
