extension LedgerTransaction {
    /// `correction/<intervalStart>/<n>/price`: a correction that re-prices its interval.
    public static func priceTrueUpKey(intervalStart: Int64, number: Int) -> String {
        correctionKey(intervalStart: intervalStart, number: number) + "/price"
    }

    /// Whether this correction re-prices its interval: settled with a provisional grid price, the
    /// interval is cleared again at the official one, and this transaction carries the new prices
    /// and trades and posts the difference. Later transactions of the interval settle against it.
    public var isPriceTrueUp: Bool { kind == .correction && idempotencyKey.hasSuffix("/price") }
}
