import GRDB
import Market

extension SQLiteLedgerStore {
    /// Delivered trades of intervals starting in [from, to), of one participant or of everyone,
    /// by interval, transaction and stored position.
    public func trades(participant: Participant? = nil, from: Int64, to: Int64) throws -> [TradeRecord] {
        guard hasLedgerTables else { return [] }
        var condition = ""
        var arguments: StatementArguments = [from, to]
        if let participant {
            let (kind, id) = LedgerRows.columns(participant)
            condition = "AND ((r.buyer_kind = ? AND r.buyer_id = ?) OR (r.seller_kind = ? AND r.seller_id = ?))"
            arguments += [kind, id, kind, id]
        }
        let sql = """
            SELECT t.interval_start, t.sequence, t.kind, r.buyer_kind, r.buyer_id, r.seller_kind, r.seller_id,
                r.energy_wh, r.buyer_price, r.seller_price
            FROM ledger_transactions t JOIN ledger_trades r ON r.sequence = t.sequence
            WHERE t.interval_start >= ? AND t.interval_start < ? \(condition)
            ORDER BY t.interval_start, t.sequence, r.position
            """
        return try perform("trades", write: false) { [path, arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let sequence: Int64 = row[1]
                let kindText: String = row[2]
                guard let kind = TransactionKind(rawValue: kindText),
                      let buyer = LedgerRows.participant(row[3], row[4]),
                      let seller = LedgerRows.participant(row[5], row[6]) else {
                    throw MarketStoreError(code: .malformedRow, path: path, subject: "transaction #\(sequence)",
                                           message: "a delivered trade cannot be read; run `village ledger verify`")
                }
                return TradeRecord(intervalStart: row[0], sequence: sequence, kind: kind, buyer: buyer, seller: seller,
                                   energyWh: row[7], buyerPriceMilliWonPerKWh: row[8], sellerPriceMilliWonPerKWh: row[9])
            }
        }
    }

    /// Whether the village database knows this household (balances refuse unknown ones).
    public func householdExists(_ id: String) throws -> Bool {
        try perform("household \(id)", write: false) { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM households WHERE unit_id = ?)", arguments: [id]) ?? false
        }
    }
}
