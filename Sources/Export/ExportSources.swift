/// The registry of sources.
enum ExportSources {
    /// Every table `--what` can name, in the order `all` exports them; a table written as several
    /// files (dispatch) has one source per file.
    static let standard: [any ExportSource] = [
        ReadingSource(),
        IntervalSource(),
        TradeSource(),
        DispatchTableSource(part: .planSteps),
        DispatchTableSource(part: .commands),
        EventSource(),
    ]
}
