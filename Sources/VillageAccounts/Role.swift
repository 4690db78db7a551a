/// What an account may see and do. The server's route table lists, for every route, the roles it
/// admits; a `household` account is further bound to its own unit.
package enum Role: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// One household: its own balance, trades (counterparties anonymised), bills and intervals.
    case household
    /// The facility manager: plant state, plans, dispatch settings, village totals; no household's money.
    case manager
    /// An outside researcher: exports, pseudonymised unless the operator granted raw access.
    case researcher
    /// The village operator: everything, accounts included.
    case `operator`

    package var description: String { rawValue }
}
