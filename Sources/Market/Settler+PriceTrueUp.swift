extension Settler {
    /// The trades and grid prices an interval settles against now: its settlement's, or those of
    /// its latest price true-up.
    package static func clearingInForce(_ existing: [LedgerTransaction]) -> (matches: [Match], prices: GridPrices) {
        var matches = existing.first?.clearedMatches ?? []
        var prices = existing.first?.prices ?? GridPrices(exportMilliWonPerKWh: 0, importMilliWonPerKWh: 0)
        for transaction in existing.dropFirst() where transaction.isPriceTrueUp {
            matches = transaction.clearedMatches
            prices = transaction.prices
        }
        return (matches, prices)
    }

    /// Re-prices a settled interval: `matches` (cleared again under `prices`) and `prices` replace
    /// those in force, and the correction posts the difference between the interval settled at the
    /// new prices with every reading so far and what is posted. Settled plus its true-up therefore
    /// equals a settlement done at the new prices from the start; nothing is rewritten. Unchanged
    /// prices append nothing.
    /// - Throws: ``MarketError`` for an interval never settled or invalid prices (nothing posted).
    public func trueUp(intervalStart: Int64, prices: GridPrices, matches: [Match]) throws -> SettlementOutcome {
        try prices.validate()
        let existing = try store.transactions(intervalStart: intervalStart)
        guard let base = existing.first else {
            throw MarketError(
                .invalidPrices, field: "interval \(intervalStart)", message: "the interval has not been settled yet")
        }
        guard Self.clearingInForce(existing).prices != prices else { return .unchanged }
        var readings: [Participant: MeterReading] = [:]
        var current = SettlementPosition()
        for transaction in existing {
            for reading in transaction.meterReadings { readings[reading.participant] = reading }
            current.add(transaction)
        }
        let target = SettlementCalculator.position(matches: matches, readings: readings, prices: prices)
        let transaction = Self.seal(
            intervalStart: intervalStart, kind: .correction,
            key: LedgerTransaction.priceTrueUpKey(intervalStart: intervalStart, number: existing.count),
            mechanism: base.mechanism, prices: prices, readings: [:], matches: matches,
            position: target.subtracting(current), after: try store.lastTransaction())
        try store.append(transaction)
        return .corrected(transaction)
    }
}
