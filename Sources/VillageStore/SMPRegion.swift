/// The two price zones of the Korean power market: the mainland grid and the Jeju island grid, each
/// with its own hourly system marginal price (the exchange's area codes 1 and 9).
package enum SMPRegion: String, Sendable, Hashable, Codable, CaseIterable {
    case mainland
    case jeju
}
