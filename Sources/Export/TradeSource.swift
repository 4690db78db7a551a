import GRDB

/// The `trades` table: energy delivered between neighbours (and the shared battery) as the market
/// settled it, from the hash-chained ledger, in settlement order.
///
/// Each row is one delivered trade of one settlement or correction transaction. Prices are what the
/// buyer paid and the seller received per kWh; in a uniform-price auction they are equal, in
/// pay-as-bid the operator keeps the difference. Grid imports and exports are not trades and are
/// in `intervals`.
struct TradeSource: ExportSource {
    let table = ExportTable.trades

    static let fields: [ExportField] = [
        ExportField("interval_start", .datetime, "Start of the 15-minute interval settled, ISO 8601 with the site's UTC offset.",
                    ngsiName: "dateObserved"),
        ExportField("transaction", .integer, "Sequence number of the ledger transaction that booked the trade."),
        ExportField("kind", .string, "settlement (first settlement of the interval) or correction (late meter data).",
                    allowedValues: ["settlement", "correction"]),
        ExportField("buyer", .string,
                    "Buying household's unit number (pseudonymised like owner_id), or `storage` for the shared battery.",
                    ngsiName: "buyer"),
        ExportField("seller", .string,
                    "Selling household's unit number (pseudonymised like owner_id), or `storage` for the shared battery.",
                    ngsiName: "seller"),
        ExportField("energy_wh", .integer, "Energy delivered, Wh.", unit: "Wh", ngsiName: "energy"),
        ExportField("buyer_price_milli_per_kwh", .integer, "Price the buyer paid, thousandths of a won per kWh."),
        ExportField("seller_price_milli_per_kwh", .integer, "Price the seller received, thousandths of a won per kWh."),
    ]

    func availability(in database: ExportDatabase, settings: ExportSettings) -> SourceAvailability {
        guard ["ledger_transactions", "ledger_trades"].allSatisfy(database.tables.contains) else {
            return .notRecorded(reason: "trades not yet recorded in this database: it has no ledger (run `village market settle`)")
        }
        if settings.minimumGroupSize != nil {
            return .incompatible(reason: "trades are between two parties; --min-group exports only aggregates over households")
        }
        return .available
    }

    func schema(settings: ExportSettings) -> TableSchema {
        TableSchema(
            table: table, description: "Energy traded between neighbours and the shared battery, as settled in the ledger.",
            fields: Self.fields,
            entity: EntityShape(type: "EnergyTrade", idFields: ["transaction", "buyer", "seller"], observedField: "interval_start",
                                relationships: [:]))
    }

    func estimatedRowCount(in database: ExportDatabase, settings: ExportSettings) throws(ExportError) -> Int? {
        try database.read("count trades") { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM ledger_trades t JOIN ledger_transactions x ON x.sequence = t.sequence
                    WHERE x.interval_start >= ? AND x.interval_start < ?
                    """,
                arguments: [settings.from, settings.to])
        }
    }

    func export(
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter, progress: ProgressCounter
    ) throws(ExportError) -> Int {
        var written = 0
        var row = [ExportValue](repeating: .null, count: Self.fields.count)
        func party(_ kind: String, _ id: String) -> (value: ExportValue, household: String?) {
            kind == "household" ? (.text(settings.identifiers.household(id)), id) : (.text("storage"), nil)
        }
        for window in settings.dayWindows {
            try database.read("trades") { db in
                let cursor = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT x.interval_start, x.sequence, x.kind, t.buyer_kind, t.buyer_id, t.seller_kind, t.seller_id,
                               t.energy_wh, t.buyer_price, t.seller_price
                        FROM ledger_transactions x JOIN ledger_trades t ON t.sequence = x.sequence
                        WHERE x.interval_start >= ? AND x.interval_start < ? ORDER BY x.sequence, t.position
                        """,
                    arguments: [window.start, window.end])
                while let stored = try cursor.next() {
                    let buyer = party(stored[3], stored[4])
                    let seller = party(stored[5], stored[6])
                    // With --households, a trade is exported when either side is selected.
                    guard settings.includes(householdId: buyer.household) || settings.includes(householdId: seller.household)
                    else { continue }
                    row[0] = .time(stored[0])
                    row[1] = .integer(stored[1])
                    row[2] = .text(stored[2])
                    row[3] = buyer.value
                    row[4] = seller.value
                    row[5] = .integer(stored[7])
                    row[6] = .integer(stored[8])
                    row[7] = .integer(stored[9])
                    try writer.write(row)
                    written += 1
                    progress.add()
                }
            }
        }
        return written
    }
}
