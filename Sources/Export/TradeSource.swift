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
        ExportField(
            "interval_start", .datetime,
            "Start of the 15-minute interval settled, ISO 8601 with the site's UTC offset.",
            ngsiName: "dateObserved"),
        ExportField("transaction", .integer, "Sequence number of the ledger transaction that booked the trade."),
        ExportField(
            "kind", .string, "settlement (first settlement of the interval) or correction (late meter data).",
            allowedValues: ["settlement", "correction"]),
        ExportField(
            "buyer", .string,
            "Buying household's unit number (pseudonymised like owner_id), or `storage` for the shared battery.",
            ngsiName: "buyer"),
        ExportField(
            "seller", .string,
            "Selling household's unit number (pseudonymised like owner_id), or `storage` for the shared battery.",
            ngsiName: "seller"),
        ExportField("energy_wh", .integer, "Energy delivered, Wh.", unit: "Wh", ngsiName: "energy"),
        ExportField("buyer_price_milli_per_kwh", .integer, "Price the buyer paid, thousandths of a won per kWh."),
        ExportField("seller_price_milli_per_kwh", .integer, "Price the seller received, thousandths of a won per kWh."),
    ]

    func availability(in database: ExportDatabase, settings: ExportSettings) -> SourceAvailability {
        guard ["ledger_transactions", "ledger_trades", "ledger_parties"].allSatisfy(database.tables.contains) else {
            return .notRecorded(
                reason: "trades not yet recorded in this database: it has no ledger (run `village market settle`)")
        }
        if settings.minimumGroupSize != nil {
            return .incompatible(
                reason: "trades are between two parties; --min-group exports only aggregates over households")
        }
        return .available
    }

    func schema(settings: ExportSettings) -> TableSchema {
        TableSchema(
            table: table,
            description: "Energy traded between neighbours and the shared battery, as settled in the ledger.",
            fields: Self.fields,
            entity: EntityShape(
                type: "EnergyTrade", idFields: ["transaction", "buyer", "seller"], observedField: "interval_start",
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
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter,
        progress: ProgressCounter
    ) throws(ExportError) -> Int {
        var written = 0
        var row = [ExportValue](repeating: .null, count: Self.fields.count)
        func party(_ kind: String, _ id: String) -> (value: ExportValue, household: String?) {
            kind == "household" ? (.text(settings.identifiers.household(id)), id) : (.text("storage"), nil)
        }
        for window in settings.dayWindows {
            try database.read("trades") { db in
                let cursor = try TradeRow.fetchPositionedCursor(
                    db,
                    sql: """
                        SELECT x.interval_start, x.sequence, x.kind, b.kind AS buyer_kind, b.party_id AS buyer_id,
                               s.kind AS seller_kind, s.party_id AS seller_id, t.energy_wh, t.buyer_price, t.seller_price
                        FROM ledger_transactions x JOIN ledger_trades t ON t.sequence = x.sequence
                            LEFT JOIN ledger_parties b ON b.code = t.buyer LEFT JOIN ledger_parties s ON s.code = t.seller
                        WHERE x.interval_start >= ? AND x.interval_start < ? ORDER BY x.sequence, t.position
                        """,
                    arguments: [window.start, window.end])
                while let trade = try cursor.next() {
                    let buyer = party(trade.buyerKind, trade.buyerID)
                    let seller = party(trade.sellerKind, trade.sellerID)
                    // With --households, a trade is exported when either side is selected.
                    guard
                        settings.includes(householdId: buyer.household)
                            || settings.includes(householdId: seller.household)
                    else { continue }
                    row[0] = .time(trade.intervalStart)
                    row[1] = .integer(trade.sequence)
                    row[2] = .text(trade.kind)
                    row[3] = buyer.value
                    row[4] = seller.value
                    row[5] = .integer(trade.energyWh)
                    row[6] = .integer(trade.buyerPrice)
                    row[7] = .integer(trade.sellerPrice)
                    try writer.write(row)
                    written += 1
                    progress.add()
                }
            }
        }
        return written
    }
}

/// A delivered trade of the ledger (`ledger_trades`) with its transaction's interval and kind.
private struct TradeRow: PositionedRecord {
    enum Columns {
        static let intervalStart = Column("interval_start")
        static let sequence = Column("sequence")
        static let kind = Column("kind")
        static let buyerKind = Column("buyer_kind")
        static let buyerID = Column("buyer_id")
        static let sellerKind = Column("seller_kind")
        static let sellerID = Column("seller_id")
        static let energyWh = Column("energy_wh")
        static let buyerPrice = Column("buyer_price")
        static let sellerPrice = Column("seller_price")
    }
    struct Positions {
        var intervalStart, sequence, kind, buyerKind, buyerID, sellerKind, sellerID, energyWh, buyerPrice,
            sellerPrice: Int
    }

    var intervalStart: Int64
    var sequence: Int64
    var kind: String
    var buyerKind: String
    var buyerID: String
    var sellerKind: String
    var sellerID: String
    var energyWh: Int64
    var buyerPrice: Int64
    var sellerPrice: Int64

    static let transactions = "ledger_transactions"
    static let trades = "ledger_trades"

    static func positions(in results: some ColumnLocating) throws(StoredValueError) -> Positions {
        Positions(
            intervalStart: try results.position(of: Columns.intervalStart, in: transactions),
            sequence: try results.position(of: Columns.sequence, in: transactions),
            kind: try results.position(of: Columns.kind, in: transactions),
            buyerKind: try results.position(of: Columns.buyerKind, in: trades),
            buyerID: try results.position(of: Columns.buyerID, in: trades),
            sellerKind: try results.position(of: Columns.sellerKind, in: trades),
            sellerID: try results.position(of: Columns.sellerID, in: trades),
            energyWh: try results.position(of: Columns.energyWh, in: trades),
            buyerPrice: try results.position(of: Columns.buyerPrice, in: trades),
            sellerPrice: try results.position(of: Columns.sellerPrice, in: trades))
    }

    init(row: Row, at p: Positions) throws(StoredValueError) {
        intervalStart = try row.integer(at: p.intervalStart, Columns.intervalStart, of: Self.transactions)
        sequence = try row.integer(at: p.sequence, Columns.sequence, of: Self.transactions)
        kind = try row.text(at: p.kind, Columns.kind, of: Self.transactions)
        buyerKind = try row.text(at: p.buyerKind, Columns.buyerKind, of: Self.trades)
        buyerID = try row.text(at: p.buyerID, Columns.buyerID, of: Self.trades)
        sellerKind = try row.text(at: p.sellerKind, Columns.sellerKind, of: Self.trades)
        sellerID = try row.text(at: p.sellerID, Columns.sellerID, of: Self.trades)
        energyWh = try row.integer(at: p.energyWh, Columns.energyWh, of: Self.trades)
        buyerPrice = try row.integer(at: p.buyerPrice, Columns.buyerPrice, of: Self.trades)
        sellerPrice = try row.integer(at: p.sellerPrice, Columns.sellerPrice, of: Self.trades)
    }
}
