import Market

/// What settling one interval from metered data did, for the operator's log and the CLI.
public struct IntervalSettlementReport: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, Codable {
        /// The interval's settlement was appended.
        case settled
        /// Meter data that arrived late were appended as a correction.
        case corrected
        /// The ledger already reflects every meter that has reported.
        case unchanged
        /// No household has usable data yet; nothing was appended.
        case noData
    }

    public var intervalStart: Int64
    public var action: Action
    /// Sequence of the appended transaction, if any.
    public var sequence: Int64?
    /// Households settled in this step (their readings are in the appended transaction).
    public var settledHouseholds: [String]
    /// Households without usable meter data for the interval; settled later as corrections.
    public var missingHouseholds: [String]
    /// Households whose stored interval now differs from the reading already settled: the ledger
    /// keeps the settled value (nothing is rewritten); an operator must look at the meter.
    public var conflictingHouseholds: [String]
}
