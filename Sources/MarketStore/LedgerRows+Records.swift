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
            /// The participant's code in `ledger_parties`.
            static let participant = Column("participant")
            static let producedWh = Column("produced_wh")
            static let consumedWh = Column("consumed_wh")
        }
        struct Positions {
            var sequence, participant, producedWh, consumedWh: Int
        }

        var sequence: Int64
        var participant: Int64
        var producedWh: Int64
        var consumedWh: Int64

        static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
            let table = databaseTableName
            return Positions(
                sequence: try results.position(of: Columns.sequence, in: table),
                participant: try results.position(of: Columns.participant, in: table),
                producedWh: try results.position(of: Columns.producedWh, in: table),
                consumedWh: try results.position(of: Columns.consumedWh, in: table))
        }

        init(row: Row, at p: Positions) throws(LedgerColumnError) {
            let table = Self.databaseTableName
            sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
            do {
                participant = try row.integer(at: p.participant, Columns.participant, of: table)
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
            /// The buyer's and seller's codes in `ledger_parties`.
            static let buyer = Column("buyer")
            static let seller = Column("seller")
            static let energyWh = Column("energy_wh")
            static let buyerPrice = Column("buyer_price")
            static let sellerPrice = Column("seller_price")
            static let preferred = Column("preferred")
        }
        struct Positions {
            var sequence, buyerOrderID, sellerOrderID, buyer, seller, energyWh, buyerPrice, sellerPrice, preferred: Int
        }

        var sequence: Int64
        /// NULL (nil) for the participant's metered order id, see ``LedgerRows/storedOrderID(_:of:in:)``.
        var buyerOrderID: String?
        var sellerOrderID: String?
        var buyer: Int64
        var seller: Int64
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
                buyer: try results.position(of: Columns.buyer, in: table),
                seller: try results.position(of: Columns.seller, in: table),
                energyWh: try results.position(of: Columns.energyWh, in: table),
                buyerPrice: try results.position(of: Columns.buyerPrice, in: table),
                sellerPrice: try results.position(of: Columns.sellerPrice, in: table),
                preferred: try results.position(of: Columns.preferred, in: table))
        }

        init(row: Row, at p: Positions) throws(LedgerColumnError) {
            let table = Self.databaseTableName
            sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
            do {
                buyerOrderID = try row.optionalText(at: p.buyerOrderID, Columns.buyerOrderID, of: table)
                sellerOrderID = try row.optionalText(at: p.sellerOrderID, Columns.sellerOrderID, of: table)
                buyer = try row.integer(at: p.buyer, Columns.buyer, of: table)
                seller = try row.integer(at: p.seller, Columns.seller, of: table)
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
            /// The buyer's and seller's codes in `ledger_parties`.
            static let buyer = Column("buyer")
            static let seller = Column("seller")
            static let energyWh = Column("energy_wh")
            static let buyerPrice = Column("buyer_price")
            static let sellerPrice = Column("seller_price")
        }
        struct Positions {
            var sequence, buyer, seller, energyWh, buyerPrice, sellerPrice: Int
        }

        var sequence: Int64
        var buyer: Int64
        var seller: Int64
        var energyWh: Int64
        var buyerPrice: Int64
        var sellerPrice: Int64

        static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
            let table = databaseTableName
            return Positions(
                sequence: try results.position(of: Columns.sequence, in: table),
                buyer: try results.position(of: Columns.buyer, in: table),
                seller: try results.position(of: Columns.seller, in: table),
                energyWh: try results.position(of: Columns.energyWh, in: table),
                buyerPrice: try results.position(of: Columns.buyerPrice, in: table),
                sellerPrice: try results.position(of: Columns.sellerPrice, in: table))
        }

        init(row: Row, at p: Positions) throws(LedgerColumnError) {
            let table = Self.databaseTableName
            sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
            do {
                buyer = try row.integer(at: p.buyer, Columns.buyer, of: table)
                seller = try row.integer(at: p.seller, Columns.seller, of: table)
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
            /// The account's code in `ledger_parties`.
            static let account = Column("account")
            /// ``PostingPurpose/code`` and ``Commodity/code``.
            static let purpose = Column("purpose")
            static let commodity = Column("commodity")
            static let amount = Column("amount")
        }
        struct Positions {
            var sequence, account, purpose, commodity, amount: Int
        }

        var sequence: Int64
        var account: Int64
        var purpose: Int64
        var commodity: Int64
        var amount: Int64

        static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions {
            let table = databaseTableName
            return Positions(
                sequence: try results.position(of: Columns.sequence, in: table),
                account: try results.position(of: Columns.account, in: table),
                purpose: try results.position(of: Columns.purpose, in: table),
                commodity: try results.position(of: Columns.commodity, in: table),
                amount: try results.position(of: Columns.amount, in: table))
        }

        init(row: Row, at p: Positions) throws(LedgerColumnError) {
            let table = Self.databaseTableName
            sequence = try row.integer(at: p.sequence, Columns.sequence, of: table)
            do {
                account = try row.integer(at: p.account, Columns.account, of: table)
                purpose = try row.integer(at: p.purpose, Columns.purpose, of: table)
                commodity = try row.integer(at: p.commodity, Columns.commodity, of: table)
                amount = try row.integer(at: p.amount, Columns.amount, of: table)
            } catch {
                throw error.inTransaction(sequence)
            }
        }
    }
}
