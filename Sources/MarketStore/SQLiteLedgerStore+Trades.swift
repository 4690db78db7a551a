import GRDB
import Market
import VillageStore

extension SQLiteLedgerStore {
    /// Delivered trades of intervals starting in [from, to), of one participant or of everyone,
    /// by interval, transaction and stored position.
    public func trades(participant: Participant? = nil, from: Int64, to: Int64) throws -> [TradeRecord] {
        guard hasLedgerTables else { return [] }
        var condition = ""
        var arguments: StatementArguments = [from, to]
        if let participant {
            let (kind, id) = LedgerRows.columns(participant)
            // By code, so that the buyer and seller indexes serve the two sides.
            let code = "(SELECT code FROM ledger_parties WHERE kind = ? AND party_id = ?)"
            condition = "AND (r.buyer = \(code) OR r.seller = \(code))"
            arguments += [kind, id, kind, id]
        }
        // Outer joins: a party code that names nobody reads as NULL and is reported, not skipped.
        let sql = """
            SELECT t.interval_start, t.sequence, t.kind, b.kind AS buyer_kind, b.party_id AS buyer_id,
                s.kind AS seller_kind, s.party_id AS seller_id, r.energy_wh, r.buyer_price, r.seller_price
            FROM ledger_transactions t JOIN ledger_trades r ON r.sequence = t.sequence
                LEFT JOIN ledger_parties b ON b.code = r.buyer LEFT JOIN ledger_parties s ON s.code = r.seller
            WHERE t.interval_start >= ? AND t.interval_start < ? \(condition)
            ORDER BY t.interval_start, t.sequence, r.position
            """
        return try perform("trades", write: false) { [path, arguments] db in
            try Array(TradeListingRow.fetchPositionedCursor(db, sql: sql, arguments: arguments)).map { row in
                guard let kind = TransactionKind(rawValue: row.kind),
                    let buyer = LedgerRows.participant(row.buyerKind, row.buyerID),
                    let seller = LedgerRows.participant(row.sellerKind, row.sellerID)
                else {
                    throw StoreError(
                        code: .malformedRow, path: path, subject: "transaction #\(row.sequence)",
                        message: "a delivered trade cannot be read; run `village ledger verify`")
                }
                return TradeRecord(
                    intervalStart: row.intervalStart, sequence: row.sequence, kind: kind, buyer: buyer, seller: seller,
                    energyWh: row.energyWh, buyerPriceMilliWonPerKWh: row.buyerPrice,
                    sellerPriceMilliWonPerKWh: row.sellerPrice)
            }
        }
    }

    /// Whether the village database knows this household (balances refuse unknown ones).
    public func householdExists(_ id: String) throws -> Bool {
        try perform("household \(id)", write: false) { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM households WHERE unit_id = ?)", arguments: [id])
                ?? false
        }
    }
}

/// A delivered trade with its transaction's interval and kind (`ledger_trades` joined to
/// `ledger_transactions`).
private struct TradeListingRow: PositionedRecord {
    typealias Columns = LedgerRows.DeliveredTradeRow.Columns
    typealias TransactionColumns = LedgerRows.TransactionRow.Columns
    /// The buyer's and seller's names, joined from `ledger_parties` (NULL for a code that names nobody).
    enum PartyColumns {
        static let buyerKind = Column("buyer_kind")
        static let buyerID = Column("buyer_id")
        static let sellerKind = Column("seller_kind")
        static let sellerID = Column("seller_id")
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

    static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
        let transactions = LedgerRows.TransactionRow.databaseTableName
        let trades = LedgerRows.DeliveredTradeRow.databaseTableName
        return Positions(
            intervalStart: try results.position(of: TransactionColumns.intervalStart, in: transactions),
            sequence: try results.position(of: TransactionColumns.sequence, in: transactions),
            kind: try results.position(of: TransactionColumns.kind, in: transactions),
            buyerKind: try results.position(of: PartyColumns.buyerKind, in: trades),
            buyerID: try results.position(of: PartyColumns.buyerID, in: trades),
            sellerKind: try results.position(of: PartyColumns.sellerKind, in: trades),
            sellerID: try results.position(of: PartyColumns.sellerID, in: trades),
            energyWh: try results.position(of: Columns.energyWh, in: trades),
            buyerPrice: try results.position(of: Columns.buyerPrice, in: trades),
            sellerPrice: try results.position(of: Columns.sellerPrice, in: trades))
    }

    init(row: Row, at p: Positions) throws(LedgerColumnError) {
        let transactions = LedgerRows.TransactionRow.databaseTableName
        let trades = LedgerRows.DeliveredTradeRow.databaseTableName
        sequence = try row.integer(at: p.sequence, TransactionColumns.sequence, of: transactions)
        do {
            intervalStart = try row.integer(at: p.intervalStart, TransactionColumns.intervalStart, of: transactions)
            kind = try row.text(at: p.kind, TransactionColumns.kind, of: transactions)
            buyerKind = try row.text(at: p.buyerKind, PartyColumns.buyerKind, of: trades)
            buyerID = try row.text(at: p.buyerID, PartyColumns.buyerID, of: trades)
            sellerKind = try row.text(at: p.sellerKind, PartyColumns.sellerKind, of: trades)
            sellerID = try row.text(at: p.sellerID, PartyColumns.sellerID, of: trades)
            energyWh = try row.integer(at: p.energyWh, Columns.energyWh, of: trades)
            buyerPrice = try row.integer(at: p.buyerPrice, Columns.buyerPrice, of: trades)
            sellerPrice = try row.integer(at: p.sellerPrice, Columns.sellerPrice, of: trades)
        } catch {
            throw error.inTransaction(sequence)
        }
    }
}
