import Market

/// One participant's energy and money for one local calendar month, as `village balance` shows it.
public struct MonthlyBalance: Hashable, Sendable, Codable {
    /// `YYYY-MM` in the site's local time (Asia/Seoul).
    public var month: String
    public var summary: ParticipantSummary
    /// Ledger transactions (settlements and corrections) that touched the participant.
    public var transactionCount: Int

    public init(month: String, summary: ParticipantSummary, transactionCount: Int) {
        self.month = month
        self.summary = summary
        self.transactionCount = transactionCount
    }
}
