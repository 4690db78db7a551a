/// Clears one interval's order book with the site's mechanism.
///
/// Common to every mechanism:
/// - Orders with trading off or zero energy do not trade; their whole energy is a grid fill.
/// - Limits are made individually rational before clearing: a buyer never pays more than its
///   own grid import price λb, a seller never accepts less than the export price λs, because
///   the grid is always there as the outside option.
/// - Preferred partners (a buyer naming a seller's household, or a seller naming a buyer's)
///   are matched first.
/// - Ties are broken deterministically and symmetrically: orders at the same limit price that
///   can only be partly filled share the volume pro rata (``ProRata``), never first-come;
///   remaining whole-Wh remainders and pairing order follow the order id (byte-wise).
/// - Whatever does not trade is the order's residual with the grid, at λb for buys and λs for sells.
public enum MarketClearing {
    public static func clear(
        _ book: OrderBook,
        mechanism: Mechanism = .default,
        prices: GridPrices
    ) throws(MarketError) -> ClearingResult {
        try mechanism.validate()
        try prices.validate()
        var state = ClearingState(book: book, prices: prices)
        let clearingPrice: Int64?
        switch mechanism {
        case .uniformPrice(let k):
            clearingPrice = DoubleAuction.clear(&state, pricing: .uniform(kPerMille: k))
        case .payAsBid:
            _ = DoubleAuction.clear(&state, pricing: .ownLimit)
            clearingPrice = nil
        case .supplyDemandRatio, .midMarketRate:
            clearingPrice = PoolClearing.clear(&state, mechanism: mechanism)
        }
        return state.result(mechanism: mechanism, clearingPrice: clearingPrice)
    }
}
