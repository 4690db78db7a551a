import GRDB

// The ledger tables as records, read by column name; every value is checked against its column's
// type (see ``LedgerColumnError``), so a malformed file is reported, never trapped on.
/// A row of one of the tables that hang off `ledger_transactions` by `sequence`.
protocol SequencedRecord: PositionedRecord, TableRecord {
    var sequence: Int64 { get }
}

extension LedgerRows {
    /// A `ledger_transactions` row: the transaction without its lists.
    struct TransactionRow: PositionedRecord, TableRecord {
        static let databaseTableName = "ledger_transactions"
        enum Columns {
            static let sequence = Column("sequence")
            static let idempotencyKey = Column("idempotency_key")
            static let intervalStart = Column("interval_start")
            static let kind = Column("kind")
            static let mechanism = Column("mechanism")
            static let kPerMille = Column("k_per_mille")
            static let exportPrice = Column("export_price")
            static let importPrice = Column("import_price")
            static let previousHash = Column("previous_hash")
            static let hash = Column("hash")
        }
        struct Positions {
            var sequence, idempotencyKey, intervalStart, kind, mechanism, kPerMille, exportPrice, importPrice,
                previousHash, hash: Int
        }

        var sequence: Int64
        var idempotencyKey: String
        var intervalStart: Int64
        var kind: String
        var mechanism: String
        var kPerMille: Int64?
        var exportPrice: Int64
        var importPrice: Int64
        var previousHash: String
        var hash: String

        static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
            let table = databaseTableName
            return Positions(
                sequence: try results.position(of: Columns.sequence, in: table),
                idempotencyKey: try results.position(of: Columns.idempotencyKey, in: table),
                intervalStart: try results.position(of: Columns.intervalStart, in: table),
                kind: try results.position(of: Columns.kind, in: table),
                mechanism: try results.position(of: Columns.mechanism, in: table),
                kPerMille: try results.position(of: Columns.kPerMille, in: table),
                exportPrice: try results.position(of: Columns.exportPrice, in: table),
                importPrice: try results.position(of: Columns.importPrice, in: table),
                previousHash: try results.position(of: Columns.previousHash, in: table),
                hash: try results.position(of: Columns.hash, in: table))
        }

        init(row: Row, at p: Positions) throws(LedgerColumnError) {
            let table = Self.databaseTableName
            sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
            do {
                idempotencyKey = try row.text(at: p.idempotencyKey, Columns.idempotencyKey, of: table)
                intervalStart = try row.integer(at: p.intervalStart, Columns.intervalStart, of: table)
                kind = try row.text(at: p.kind, Columns.kind, of: table)
                mechanism = try row.text(at: p.mechanism, Columns.mechanism, of: table)
                kPerMille = try row.optionalInteger(at: p.kPerMille, Columns.kPerMille, of: table)
                exportPrice = try row.integer(at: p.exportPrice, Columns.exportPrice, of: table)
                importPrice = try row.integer(at: p.importPrice, Columns.importPrice, of: table)
                previousHash = try row.text(at: p.previousHash, Columns.previousHash, of: table)
                hash = try row.text(at: p.hash, Columns.hash, of: table)
            } catch {
                throw error.inTransaction(sequence)
            }
        }
    }

    /// A `ledger_household_prices` row: one household's (or the storage's) import price.
    struct HouseholdPriceRow: SequencedRecord {
        static let databaseTableName = "ledger_household_prices"
        enum Columns {
            static let sequence = Column("sequence")
            static let householdID = Column("household_id")
            static let importPrice = Column("import_price")
        }
        struct Positions {
            var sequence, householdID, importPrice: Int
        }

        var sequence: Int64
        var householdID: String
        var importPrice: Int64

        static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
            let table = databaseTableName
            return Positions(
                sequence: try results.position(of: Columns.sequence, in: table),
                householdID: try results.position(of: Columns.householdID, in: table),
                importPrice: try results.position(of: Columns.importPrice, in: table))
        }

        init(row: Row, at p: Positions) throws(LedgerColumnError) {
            let table = Self.databaseTableName
            sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
            do {
                householdID = try row.text(at: p.householdID, Columns.householdID, of: table)
                importPrice = try row.integer(at: p.importPrice, Columns.importPrice, of: table)
            } catch {
                throw error.inTransaction(sequence)
            }
        }
    }

    /// A `ledger_readings` row: one participant's metered energies in a transaction.
    struct ReadingRow: SequencedRecord {
        static let databaseTableName = "ledger_readings"
        enum Columns {
            static let sequence = Column("sequence")
            static let participantKind = Column("participant_kind")
            static let participantID = Column("participant_id")
            static let producedWh = Column("produced_wh")
            static let consumedWh = Column("consumed_wh")
        }
        struct Positions {
            var sequence, participantKind, participantID, producedWh, consumedWh: Int
        }

        var sequence: Int64
        var participantKind: String
        var participantID: String
        var producedWh: Int64
        var consumedWh: Int64

        static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
            let table = databaseTableName
            return Positions(
                sequence: try results.position(of: Columns.sequence, in: table),
                participantKind: try results.position(of: Columns.participantKind, in: table),
                participantID: try results.position(of: Columns.participantID, in: table),
                producedWh: try results.position(of: Columns.producedWh, in: table),
                consumedWh: try results.position(of: Columns.consumedWh, in: table))
        }

        init(row: Row, at p: Positions) throws(LedgerColumnError) {
            let table = Self.databaseTableName
            sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
            do {
                participantKind = try row.text(at: p.participantKind, Columns.participantKind, of: table)
                participantID = try row.text(at: p.participantID, Columns.participantID, of: table)
                producedWh = try row.integer(at: p.producedWh, Columns.producedWh, of: table)
                consumedWh = try row.integer(at: p.consumedWh, Columns.consumedWh, of: table)
            } catch {
                throw error.inTransaction(sequence)
            }
        }
    }

    /// A `ledger_matches` row: one cleared match of the auction.
    struct MatchRow: SequencedRecord {
        static let databaseTableName = "ledger_matches"
        enum Columns {
            static let sequence = Column("sequence")
            static let buyerOrderID = Column("buyer_order_id")
            static let sellerOrderID = Column("seller_order_id")
            static let buyerKind = Column("buyer_kind")
            static let buyerID = Column("buyer_id")
            static let sellerKind = Column("seller_kind")
            static let sellerID = Column("seller_id")
            static let energyWh = Column("energy_wh")
            static let buyerPrice = Column("buyer_price")
            static let sellerPrice = Column("seller_price")
            static let preferred = Column("preferred")
        }
        struct Positions {
            var sequence, buyerOrderID, sellerOrderID, buyerKind, buyerID, sellerKind, sellerID, energyWh, buyerPrice,
                sellerPrice, preferred: Int
        }

        var sequence: Int64
        var buyerOrderID: String
        var sellerOrderID: String
        var buyerKind: String
        var buyerID: String
        var sellerKind: String
        var sellerID: String
        var energyWh: Int64
        var buyerPrice: Int64
        var sellerPrice: Int64
        var preferred: Int64

        static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
            let table = databaseTableName
            return Positions(
                sequence: try results.position(of: Columns.sequence, in: table),
                buyerOrderID: try results.position(of: Columns.buyerOrderID, in: table),
                sellerOrderID: try results.position(of: Columns.sellerOrderID, in: table),
                buyerKind: try results.position(of: Columns.buyerKind, in: table),
                buyerID: try results.position(of: Columns.buyerID, in: table),
                sellerKind: try results.position(of: Columns.sellerKind, in: table),
                sellerID: try results.position(of: Columns.sellerID, in: table),
                energyWh: try results.position(of: Columns.energyWh, in: table),
                buyerPrice: try results.position(of: Columns.buyerPrice, in: table),
                sellerPrice: try results.position(of: Columns.sellerPrice, in: table),
                preferred: try results.position(of: Columns.preferred, in: table))
        }

        init(row: Row, at p: Positions) throws(LedgerColumnError) {
            let table = Self.databaseTableName
            sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
            do {
                buyerOrderID = try row.text(at: p.buyerOrderID, Columns.buyerOrderID, of: table)
                sellerOrderID = try row.text(at: p.sellerOrderID, Columns.sellerOrderID, of: table)
                buyerKind = try row.text(at: p.buyerKind, Columns.buyerKind, of: table)
                buyerID = try row.text(at: p.buyerID, Columns.buyerID, of: table)
                sellerKind = try row.text(at: p.sellerKind, Columns.sellerKind, of: table)
                sellerID = try row.text(at: p.sellerID, Columns.sellerID, of: table)
                energyWh = try row.integer(at: p.energyWh, Columns.energyWh, of: table)
                buyerPrice = try row.integer(at: p.buyerPrice, Columns.buyerPrice, of: table)
                sellerPrice = try row.integer(at: p.sellerPrice, Columns.sellerPrice, of: table)
                preferred = try row.integer(at: p.preferred, Columns.preferred, of: table)
            } catch {
                throw error.inTransaction(sequence)
            }
        }
    }

    /// A `ledger_trades` row: one trade delivered after the meters were read.
    struct DeliveredTradeRow: SequencedRecord {
        static let databaseTableName = "ledger_trades"
        enum Columns {
            static let sequence = Column("sequence")
            static let buyerKind = Column("buyer_kind")
            static let buyerID = Column("buyer_id")
            static let sellerKind = Column("seller_kind")
            static let sellerID = Column("seller_id")
            static let energyWh = Column("energy_wh")
            static let buyerPrice = Column("buyer_price")
            static let sellerPrice = Column("seller_price")
        }
        struct Positions {
            var sequence, buyerKind, buyerID, sellerKind, sellerID, energyWh, buyerPrice, sellerPrice: Int
        }

        var sequence: Int64
        var buyerKind: String
        var buyerID: String
        var sellerKind: String
        var sellerID: String
        var energyWh: Int64
        var buyerPrice: Int64
        var sellerPrice: Int64

        static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
            let table = databaseTableName
            return Positions(
                sequence: try results.position(of: Columns.sequence, in: table),
                buyerKind: try results.position(of: Columns.buyerKind, in: table),
                buyerID: try results.position(of: Columns.buyerID, in: table),
                sellerKind: try results.position(of: Columns.sellerKind, in: table),
                sellerID: try results.position(of: Columns.sellerID, in: table),
                energyWh: try results.position(of: Columns.energyWh, in: table),
                buyerPrice: try results.position(of: Columns.buyerPrice, in: table),
                sellerPrice: try results.position(of: Columns.sellerPrice, in: table))
        }

        init(row: Row, at p: Positions) throws(LedgerColumnError) {
            let table = Self.databaseTableName
            sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
            do {
                buyerKind = try row.text(at: p.buyerKind, Columns.buyerKind, of: table)
                buyerID = try row.text(at: p.buyerID, Columns.buyerID, of: table)
                sellerKind = try row.text(at: p.sellerKind, Columns.sellerKind, of: table)
                sellerID = try row.text(at: p.sellerID, Columns.sellerID, of: table)
                energyWh = try row.integer(at: p.energyWh, Columns.energyWh, of: table)
                buyerPrice = try row.integer(at: p.buyerPrice, Columns.buyerPrice, of: table)
                sellerPrice = try row.integer(at: p.sellerPrice, Columns.sellerPrice, of: table)
            } catch {
                throw error.inTransaction(sequence)
            }
        }
    }

    /// A `ledger_postings` row: one amount booked to one account.
    struct PostingRow: SequencedRecord {
        static let databaseTableName = "ledger_postings"
        enum Columns {
            static let sequence = Column("sequence")
            static let accountKind = Column("account_kind")
            static let accountID = Column("account_id")
            static let purpose = Column("purpose")
            static let commodity = Column("commodity")
            static let amount = Column("amount")
        }
        struct Positions {
            var sequence, accountKind, accountID, purpose, commodity, amount: Int
        }

        var sequence: Int64
        var accountKind: String
        var accountID: String
        var purpose: String
        var commodity: String
        var amount: Int64

        static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
            let table = databaseTableName
            return Positions(
                sequence: try results.position(of: Columns.sequence, in: table),
                accountKind: try results.position(of: Columns.accountKind, in: table),
                accountID: try results.position(of: Columns.accountID, in: table),
                purpose: try results.position(of: Columns.purpose, in: table),
                commodity: try results.position(of: Columns.commodity, in: table),
                amount: try results.position(of: Columns.amount, in: table))
        }

        init(row: Row, at p: Positions) throws(LedgerColumnError) {
            let table = Self.databaseTableName
            sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
            do {
                accountKind = try row.text(at: p.accountKind, Columns.accountKind, of: table)
                accountID = try row.text(at: p.accountID, Columns.accountID, of: table)
                purpose = try row.text(at: p.purpose, Columns.purpose, of: table)
                commodity = try row.text(at: p.commodity, Columns.commodity, of: table)
                amount = try row.integer(at: p.amount, Columns.amount, of: table)
            } catch {
                throw error.inTransaction(sequence)
            }
        }
    }
}
