/// The registry of sources.
enum ExportSources {
    /// Every table `--what` can name, in the order `all` exports them.
    static let standard: [any ExportSource] = [
        ReadingSource(),
        IntervalSource(),
        TradeSource(),
        UnrecordedSource(
            table: .dispatch, expectedTables: ["dispatch_plans"], recordedBy: "the dispatch scheduler"),
        EventSource(),
    ]
}
