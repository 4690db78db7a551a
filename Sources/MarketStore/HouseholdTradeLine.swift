import Market

/// One delivered trade as `village trades --json` prints it and `GET
/// /api/v1/households/{id}/trades` answers: a household sees only its own trades, the other side
/// named "a neighbour" (or "shared battery"), never a unit number.
///
/// One type for the local read and the server's answer, so the two print the same.
package struct HouseholdTradeLine: Codable, Sendable, Equatable {
    package var intervalStart: Int64
    /// `2026-01-15 12:00`, site local time.
    package var localTime: String
    package var sequence: Int64
    package var kind: String
    package var buyer: String
    package var seller: String
    package var energyWh: Int64
    package var buyerPriceMilliWonPerKWh: Int64
    package var sellerPriceMilliWonPerKWh: Int64

    /// The lines of `trades` as `viewer` may see them: with a household, every other household
    /// is "a neighbour"; without one (the operator's view), unit numbers are shown.
    package static func lines(
        _ trades: [TradeRecord], seenBy viewer: Participant?, calendar: SiteCalendar = SiteCalendar()
    ) -> [HouseholdTradeLine] {
        func name(_ other: Participant) -> String {
            if other == .storage { return "shared battery" }
            if let viewer, other != viewer { return "a neighbour" }
            return other.householdID ?? "?"
        }
        return trades.map { trade in
            HouseholdTradeLine(
                intervalStart: trade.intervalStart, localTime: calendar.localTimeText(trade.intervalStart),
                sequence: trade.sequence, kind: trade.kind.rawValue, buyer: name(trade.buyer),
                seller: name(trade.seller), energyWh: trade.energyWh,
                buyerPriceMilliWonPerKWh: trade.buyerPriceMilliWonPerKWh,
                sellerPriceMilliWonPerKWh: trade.sellerPriceMilliWonPerKWh)
        }
    }
}

/// A household's trades of one interval, day or period, as `GET /api/v1/households/{id}/trades`
/// answers: `village trades --json` prints its `trades`, the text form names its `day`.
package struct HouseholdTradesReport: Codable, Sendable, Equatable {
    package var household: String
    /// The local day listed, `YYYY-MM-DD`, when one day was asked for or defaulted to; nil for an
    /// interval or a period, and when the ledger is empty.
    package var day: String?
    package var trades: [HouseholdTradeLine]

    package init(household: String, day: String?, trades: [HouseholdTradeLine]) {
        self.household = household
        self.day = day
        self.trades = trades
    }
}
