import Market

/// What each participant leaves to the grid after clearing: its fills summed per participant and
/// side, because an operator asks "how much did 103 still buy from the grid", not per order.
enum ClearingResiduals {
    struct Residual: Hashable, Encodable {
        var participant: Participant
        var side: OrderSide
        var orderCount: Int
        var matchedWh: Int64
        var gridWh: Int64
        /// λb of the participant for buys, λs for sells (one price per participant and side).
        var gridPriceMilliWonPerKWh: Int64
        /// gridWh × price, rounded half up to milli-won as the settlement rounds grid trades.
        var gridAmountMilliWon: Int64
    }

    /// One residual per participant and side, in the order the fills name them (the book's id order).
    static func byParticipant(_ fills: [OrderFill]) -> [Residual] {
        var residuals: [Residual] = []
        var index: [String: Int] = [:]
        for fill in fills {
            let key = "\(fill.participant)|\(fill.side.rawValue)"
            if let at = index[key] {
                residuals[at].orderCount += 1
                residuals[at].matchedWh += fill.matchedWh
                residuals[at].gridWh += fill.gridWh
            } else {
                index[key] = residuals.count
                residuals.append(
                    Residual(
                        participant: fill.participant, side: fill.side, orderCount: 1, matchedWh: fill.matchedWh,
                        gridWh: fill.gridWh, gridPriceMilliWonPerKWh: fill.gridPriceMilliWonPerKWh,
                        gridAmountMilliWon: 0))
            }
        }
        for at in residuals.indices {
            let exact = Int128(residuals[at].gridWh) * Int128(residuals[at].gridPriceMilliWonPerKWh)
            residuals[at].gridAmountMilliWon = Int64((exact + 500) / 1000)
        }
        return residuals
    }
}
