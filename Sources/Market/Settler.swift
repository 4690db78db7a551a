/// Settles intervals into a ``LedgerStore``: once, and then only by corrections.
///
/// Settling is idempotent per interval: the first call appends the settlement; any later call
/// recomputes the interval from the trades stored in that settlement and every meter reading
/// posted so far plus the new ones, and appends only the difference as a correction, or
/// nothing when there is none. A faulty meter therefore never holds up the rest of the village.
/// Input is fully checked before anything is appended; a refused input posts nothing.
public struct Settler<Store: LedgerStore>: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Settles or corrects one interval.
    /// - Throws: ``MarketError`` for bad input (nothing posted), ``LedgerError`` or the
    ///   store's error if the append is refused.
    public func settle(_ input: IntervalSettlementInput) throws -> SettlementOutcome {
        try input.prices.validate()
        let incoming = try Self.checkedReadings(input.meterReadings)
        let existing = try store.transactions(intervalStart: input.intervalStart)
        guard let base = existing.first else {
            let transaction = try Self.settlement(input, checkedReadings: incoming, after: try store.lastTransaction())
            try store.append(transaction)
            return .settled(transaction)
        }
        guard base.clearedMatches == input.matches, base.prices == input.prices, base.mechanism == input.mechanism
        else {
            throw MarketError(
                .conflictingClearing, field: "interval \(input.intervalStart)",
                message: "the interval was settled against other trades, prices or mechanism")
        }
        return try correct(existing: existing, incoming: incoming)
    }

    /// The settlement of an interval the ledger holds no transaction for, sealed to follow `last`
    /// (nil: the ledger is empty): what ``settle(_:)`` appends for such an interval, built without
    /// the store, so that a batch of intervals can be sealed while an earlier batch is written.
    /// - Throws: ``MarketError`` for bad input.
    package static func settlement(_ input: IntervalSettlementInput, after last: LedgerTransaction?) throws
        -> LedgerTransaction
    {
        try input.prices.validate()
        return try settlement(input, checkedReadings: try checkedReadings(input.meterReadings), after: last)
    }

    private static func settlement(
        _ input: IntervalSettlementInput, checkedReadings readings: [Participant: MeterReading],
        after last: LedgerTransaction?
    ) throws -> LedgerTransaction {
        let position = SettlementCalculator.position(matches: input.matches, readings: readings, prices: input.prices)
        return seal(
            intervalStart: input.intervalStart, kind: .settlement,
            key: LedgerTransaction.settlementKey(intervalStart: input.intervalStart),
            mechanism: input.mechanism, prices: input.prices,
            readings: readings, matches: input.matches, position: position, after: last)
    }

    /// Applies meter data that arrived after the interval was settled, using the trades and
    /// prices stored in its settlement (or in its latest price true-up). An interval never settled
    /// is refused: there are no trades to settle against yet.
    public func applyLateReadings(intervalStart: Int64, meterReadings: [MeterReading]) throws -> SettlementOutcome {
        let incoming = try Self.checkedReadings(meterReadings)
        let existing = try store.transactions(intervalStart: intervalStart)
        guard !existing.isEmpty else {
            throw MarketError(
                .invalidMeterReading, field: "interval \(intervalStart)",
                message: "the interval has not been settled yet")
        }
        return try correct(existing: existing, incoming: incoming)
    }

    private func correct(existing: [LedgerTransaction], incoming: [Participant: MeterReading]) throws
        -> SettlementOutcome
    {
        let base = existing[0]
        let inForce = Self.clearingInForce(existing)
        var readings: [Participant: MeterReading] = [:]
        var current = SettlementPosition()
        for transaction in existing {
            for reading in transaction.meterReadings { readings[reading.participant] = reading }
            current.add(transaction)
        }
        var fresh: [Participant: MeterReading] = [:]
        for (participant, reading) in incoming {
            if let known = readings[participant] {
                guard known == reading else {
                    throw MarketError(
                        .conflictingMeterReading, orderID: nil, field: "meterReadings.\(participant)",
                        message: "differs from the reading already settled for interval \(base.intervalStart)")
                }
            } else {
                fresh[participant] = reading
                readings[participant] = reading
            }
        }
        let target = SettlementCalculator.position(
            matches: inForce.matches, readings: readings, prices: inForce.prices)
        let difference = target.subtracting(current)
        guard !fresh.isEmpty || !difference.isEmpty else { return .unchanged }
        let number = existing.count
        let transaction = Self.seal(
            intervalStart: base.intervalStart, kind: .correction,
            key: LedgerTransaction.correctionKey(intervalStart: base.intervalStart, number: number),
            mechanism: base.mechanism, prices: inForce.prices,
            readings: fresh, matches: [], position: difference, after: try store.lastTransaction())
        try store.append(transaction)
        return .corrected(transaction)
    }

    static func seal(
        intervalStart: Int64, kind: TransactionKind, key: String, mechanism: Mechanism, prices: GridPrices,
        readings: [Participant: MeterReading], matches: [Match], position: SettlementPosition,
        after last: LedgerTransaction?
    ) -> LedgerTransaction {
        LedgerTransaction(
            sequence: (last?.sequence ?? -1) + 1,
            intervalStart: intervalStart, kind: kind, idempotencyKey: key,
            mechanism: mechanism, prices: prices,
            meterReadings: readings.values.sorted { participantPrecedes($0.participant, $1.participant) },
            clearedMatches: matches,
            deliveredTrades: position.tradeList,
            postings: position.postingList,
            previousHash: last?.hash ?? LedgerTransaction.genesisHash,
            hash: ""
        ).sealed()
    }

    /// Readings keyed by participant; negative values or two readings for one participant are refused.
    static func checkedReadings(_ readings: [MeterReading]) throws(MarketError) -> [Participant: MeterReading] {
        var result: [Participant: MeterReading] = [:]
        result.reserveCapacity(readings.count)
        for reading in readings {
            guard reading.producedWh >= 0, reading.consumedWh >= 0 else {
                throw MarketError(
                    .invalidMeterReading, field: "meterReadings.\(reading.participant)",
                    message: "produced and consumed energy must not be negative")
            }
            guard result.updateValue(reading, forKey: reading.participant) == nil else {
                throw MarketError(
                    .invalidMeterReading, field: "meterReadings.\(reading.participant)",
                    message: "more than one reading for one participant")
            }
        }
        return result
    }
}
