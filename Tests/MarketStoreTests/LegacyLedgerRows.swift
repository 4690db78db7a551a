import GRDB
import Market

@testable import MarketStore

/// The ledger rows as versions before `v11-ledger-compact` wrote them (parties and posting kinds as
/// text in every row): to make databases of the old schema that the migration must convert.
enum LegacyLedgerRows {
    static func insert(_ transaction: LedgerTransaction, into db: Database) throws {
        let sequence = transaction.sequence
        let kPerMille: Int? = if case .uniformPrice(let k) = transaction.mechanism { k } else { nil }
        try db.execute(
            sql: """
                INSERT INTO ledger_transactions (sequence, idempotency_key, interval_start, kind, mechanism, k_per_mille,
                    export_price, import_price, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                sequence, transaction.idempotencyKey, transaction.intervalStart, transaction.kind.rawValue,
                transaction.mechanism.name, kPerMille, transaction.prices.exportMilliWonPerKWh,
                transaction.prices.importMilliWonPerKWh, transaction.previousHash, transaction.hash,
            ])
        for (household, price) in transaction.prices.householdImportMilliWonPerKWh {
            try db.execute(
                sql: "INSERT INTO ledger_household_prices (sequence, household_id, import_price) VALUES (?, ?, ?)",
                arguments: [sequence, household, price])
        }
        if let storagePrice = transaction.prices.storageImportMilliWonPerKWh {
            try db.execute(
                sql: "INSERT INTO ledger_household_prices (sequence, household_id, import_price) VALUES (?, ?, ?)",
                arguments: [sequence, RawOrder.storageParticipant, storagePrice])
        }
        for (position, reading) in transaction.meterReadings.enumerated() {
            let (kind, id) = LedgerRows.columns(reading.participant)
            try db.execute(
                sql: """
                    INSERT INTO ledger_readings (sequence, position, participant_kind, participant_id, produced_wh,
                        consumed_wh)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [sequence, position, kind, id, reading.producedWh, reading.consumedWh])
        }
        for (position, match) in transaction.clearedMatches.enumerated() {
            let (buyerKind, buyerID) = LedgerRows.columns(match.buyer)
            let (sellerKind, sellerID) = LedgerRows.columns(match.seller)
            try db.execute(
                sql: """
                    INSERT INTO ledger_matches (sequence, position, buyer_order_id, seller_order_id, buyer_kind,
                        buyer_id, seller_kind, seller_id, energy_wh, buyer_price, seller_price, preferred)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    sequence, position, match.buyerOrderID, match.sellerOrderID, buyerKind, buyerID, sellerKind,
                    sellerID, match.energyWh, match.buyerPriceMilliWonPerKWh, match.sellerPriceMilliWonPerKWh,
                    match.preferred,
                ])
        }
        for (position, trade) in transaction.deliveredTrades.enumerated() {
            let (buyerKind, buyerID) = LedgerRows.columns(trade.buyer)
            let (sellerKind, sellerID) = LedgerRows.columns(trade.seller)
            try db.execute(
                sql: """
                    INSERT INTO ledger_trades (sequence, position, buyer_kind, buyer_id, seller_kind, seller_id,
                        energy_wh, buyer_price, seller_price)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    sequence, position, buyerKind, buyerID, sellerKind, sellerID, trade.energyWh,
                    trade.buyerPriceMilliWonPerKWh, trade.sellerPriceMilliWonPerKWh,
                ])
        }
        for (position, posting) in transaction.postings.enumerated() {
            let (kind, id) = LedgerRows.columns(posting.account)
            try db.execute(
                sql: """
                    INSERT INTO ledger_postings (sequence, position, account_kind, account_id, purpose, commodity,
                        amount)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    sequence, position, kind, id, posting.purpose.rawValue, posting.commodity.rawValue, posting.amount,
                ])
        }
    }
}
