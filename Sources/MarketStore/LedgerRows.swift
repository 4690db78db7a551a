import GRDB
import Market
import VillageStore

/// The mapping between a ``LedgerTransaction`` and its rows: one function to write them, one to
/// read them back, kept side by side so the two cannot drift apart.
///
/// Reading is strict: a value outside its domain (an unknown kind, a storage row with an id, a
/// `k` on a mechanism that has none) is not silently normalised, because a normalised value would
/// hash the same as the original and hide an edit. Such a row is reported as
/// ``StoreError/Code/malformedRow`` naming its transaction.
enum LedgerRows {
    /// Inserts the rows of `transaction`, naming its parties through `parties` (which learns the
    /// ones the ledger had not named yet).
    static func insert(_ transaction: LedgerTransaction, into db: Database, parties: inout LedgerParties) throws {
        let sequence = transaction.sequence
        let kPerMille: Int? = if case .uniformPrice(let k) = transaction.mechanism { k } else { nil }
        try db.cachedStatement(
            sql: """
                INSERT INTO ledger_transactions (sequence, idempotency_key, interval_start, kind, mechanism, k_per_mille,
                    export_price, import_price, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                sequence, transaction.idempotencyKey, transaction.intervalStart, transaction.kind.rawValue,
                transaction.mechanism.name, kPerMille, transaction.prices.exportMilliWonPerKWh,
                transaction.prices.importMilliWonPerKWh, transaction.previousHash, transaction.hash,
            ])
        let prices = try db.cachedStatement(
            sql: "INSERT INTO ledger_household_prices (sequence, household_id, import_price) VALUES (?, ?, ?)")
        for (household, price) in transaction.prices.householdImportMilliWonPerKWh {
            try prices.execute(arguments: [sequence, household, price])
        }
        if let storagePrice = transaction.prices.storageImportMilliWonPerKWh {
            try prices.execute(arguments: [sequence, RawOrder.storageParticipant, storagePrice])
        }
        let readings = try db.cachedStatement(
            sql: """
                INSERT INTO ledger_readings (sequence, position, participant, produced_wh, consumed_wh)
                VALUES (?, ?, ?, ?, ?)
                """)
        for (position, reading) in transaction.meterReadings.enumerated() {
            let participant = try parties.code(for: reading.participant, in: db)
            try readings.execute(arguments: [sequence, position, participant, reading.producedWh, reading.consumedWh])
        }
        let matches = try db.cachedStatement(
            sql: """
                INSERT INTO ledger_matches (sequence, position, buyer_order_id, seller_order_id, buyer, seller,
                    energy_wh, buyer_price, seller_price, preferred)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (position, match) in transaction.clearedMatches.enumerated() {
            let buyer = try parties.code(for: match.buyer, in: db)
            let seller = try parties.code(for: match.seller, in: db)
            // NULL for the usual ids: a year holds millions of them, each derivable from the row.
            let buyerOrderID = storedOrderID(match.buyerOrderID, of: match.buyer, in: transaction)
            let sellerOrderID = storedOrderID(match.sellerOrderID, of: match.seller, in: transaction)
            try matches.execute(arguments: [
                sequence, position, buyerOrderID, sellerOrderID, buyer, seller,
                match.energyWh, match.buyerPriceMilliWonPerKWh, match.sellerPriceMilliWonPerKWh, match.preferred,
            ])
        }
        let trades = try db.cachedStatement(
            sql: """
                INSERT INTO ledger_trades (sequence, position, buyer, seller, energy_wh, buyer_price, seller_price)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for (position, trade) in transaction.deliveredTrades.enumerated() {
            let buyer = try parties.code(for: trade.buyer, in: db)
            let seller = try parties.code(for: trade.seller, in: db)
            try trades.execute(arguments: [
                sequence, position, buyer, seller,
                trade.energyWh, trade.buyerPriceMilliWonPerKWh, trade.sellerPriceMilliWonPerKWh,
            ])
        }
        let postings = try db.cachedStatement(
            sql: """
                INSERT INTO ledger_postings (sequence, position, account, purpose, commodity, amount)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        for (position, posting) in transaction.postings.enumerated() {
            let account = try parties.code(for: posting.account, in: db)
            try postings.execute(arguments: [
                sequence, position, account, posting.purpose.code, posting.commodity.code, posting.amount,
            ])
        }
    }

    /// The transactions whose `ledger_transactions` row matches `condition`, in sequence order,
    /// each with its lists in stored (position) order.
    static func read(_ db: Database, where condition: String, arguments: StatementArguments) throws
        -> [LedgerTransaction]
    {
        var transactions: [LedgerTransaction] = []
        var index: [Int64: Int] = [:]
        // Cached: settlement asks for the transactions of each interval it settles.
        let statement = try db.cachedStatement(
            sql: """
                SELECT sequence, idempotency_key, interval_start, kind, mechanism, k_per_mille, export_price, import_price,
                    previous_hash, hash
                FROM ledger_transactions WHERE \(condition) ORDER BY sequence
                """)
        let at = try TransactionRow.positions(in: statement)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            let stored: TransactionRow
            do {
                stored = try TransactionRow(row: row, at: at)
            } catch {
                guard let sequence = error.sequence else { throw error }
                let key: DatabaseValue = row[at.idempotencyKey]
                throw MalformedLedgerRow(
                    sequence: sequence, idempotencyKey: String.fromDatabaseValue(key) ?? "?",
                    message: error.description)
            }
            let sequence = stored.sequence
            let key = stored.idempotencyKey
            let malformed = { (message: String) in
                MalformedLedgerRow(sequence: sequence, idempotencyKey: key, message: message)
            }
            guard let kind = TransactionKind(rawValue: stored.kind) else {
                throw malformed("unknown kind \"\(stored.kind)\"")
            }
            let mechanismName = stored.mechanism
            // Out of Int's range is out of k's range too: (0...1000) below refuses it.
            let kPerMille: Int? = stored.kPerMille.map { Int(clamping: $0) }
            let mechanism: Mechanism
            switch (try? Mechanism(name: mechanismName), kPerMille) {
            case (.uniformPrice?, let k?) where (0...1000).contains(k): mechanism = .uniformPrice(kPerMille: k)
            case (let parsed?, nil) where !isUniform(parsed): mechanism = parsed
            default:
                throw malformed(
                    "mechanism \"\(mechanismName)\" with k \(kPerMille.map(String.init) ?? "null") is not valid")
            }
            index[sequence] = transactions.count
            transactions.append(
                LedgerTransaction(
                    sequence: sequence, intervalStart: stored.intervalStart, kind: kind, idempotencyKey: key,
                    mechanism: mechanism,
                    prices: GridPrices(
                        exportMilliWonPerKWh: stored.exportPrice, importMilliWonPerKWh: stored.importPrice),
                    meterReadings: [], clearedMatches: [], deliveredTrades: [], postings: [],
                    previousHash: stored.previousHash, hash: stored.hash))
        }
        guard let first = transactions.first, let last = transactions.last else { return [] }
        // Child rows by sequence range when the transactions are (nearly) contiguous, by list when
        // they are scattered (an interval's settlement and a correction appended months later).
        let contiguous = last.sequence - first.sequence < Int64(transactions.count) * 4 + 16
        let selection =
            contiguous
            ? "sequence BETWEEN ? AND ?"
            : "sequence IN (" + Array(repeating: "?", count: transactions.count).joined(separator: ", ") + ")"
        let range: StatementArguments =
            contiguous
            ? [first.sequence, last.sequence] : StatementArguments(transactions.map(\.sequence))
        func malformed(_ position: Int, _ message: String) -> MalformedLedgerRow {
            MalformedLedgerRow(
                sequence: transactions[position].sequence, idempotencyKey: transactions[position].idempotencyKey,
                message: message)
        }
        /// The rows of `Record`'s table that belong to the transactions read, each with the index of
        /// its transaction; a value of the wrong type is reported against that transaction.
        func children<Record: SequencedRecord>(
            _: Record.Type, _ columns: String, order: String = " ORDER BY sequence, position",
            _ body: (Int, Record) throws -> Void
        ) throws {
            let sql = "SELECT sequence, \(columns) FROM \(Record.databaseTableName) WHERE \(selection)\(order)"
            // A range's text is always the same, a list's differs with its length: only the first is cached.
            let statement = try contiguous ? db.cachedStatement(sql: sql) : db.makeStatement(sql: sql)
            let cursor = try Record.fetchPositionedCursor(statement, arguments: range)
            while true {
                let record: Record
                do {
                    guard let next = try cursor.next() else { break }
                    record = next
                } catch let error as LedgerColumnError {
                    guard let sequence = error.sequence, let position = index[sequence] else { throw error }
                    throw malformed(position, error.description)
                }
                guard let position = index[record.sequence] else { continue }
                try body(position, record)
            }
        }
        try children(HouseholdPriceRow.self, "household_id, import_price", order: "") { position, price in
            if price.householdID == RawOrder.storageParticipant {
                transactions[position].prices.storageImportMilliWonPerKWh = price.importPrice
            } else {
                transactions[position].prices.householdImportMilliWonPerKWh[price.householdID] = price.importPrice
            }
        }
        let parties = try LedgerParties.load(db)
        try children(ReadingRow.self, "participant, produced_wh, consumed_wh") { position, reading in
            guard let participant = parties.participants[reading.participant] else {
                throw malformed(position, "reading of unknown participant (party \(reading.participant))")
            }
            transactions[position].meterReadings.append(
                MeterReading(participant: participant, producedWh: reading.producedWh, consumedWh: reading.consumedWh))
        }
        try children(
            MatchRow.self,
            "buyer_order_id, seller_order_id, buyer, seller, energy_wh, buyer_price, seller_price, preferred"
        ) { position, match in
            guard let buyer = parties.participants[match.buyer], let seller = parties.participants[match.seller] else {
                throw malformed(position, "match with an unknown participant")
            }
            guard match.preferred == 0 || match.preferred == 1 else {
                throw malformed(position, "match with preferred = \(match.preferred)")
            }
            let intervalStart = transactions[position].intervalStart
            transactions[position].clearedMatches.append(
                Match(
                    buyerOrderID: match.buyerOrderID
                        ?? Order.meteredID(intervalStart: intervalStart, participant: buyer),
                    sellerOrderID: match.sellerOrderID
                        ?? Order.meteredID(intervalStart: intervalStart, participant: seller),
                    buyer: buyer, seller: seller,
                    energyWh: match.energyWh, buyerPriceMilliWonPerKWh: match.buyerPrice,
                    sellerPriceMilliWonPerKWh: match.sellerPrice,
                    preferred: match.preferred == 1))
        }
        try children(DeliveredTradeRow.self, "buyer, seller, energy_wh, buyer_price, seller_price") {
            position, trade in
            guard let buyer = parties.participants[trade.buyer], let seller = parties.participants[trade.seller] else {
                throw malformed(position, "delivered trade with an unknown participant")
            }
            transactions[position].deliveredTrades.append(
                DeliveredTrade(
                    buyer: buyer, seller: seller, energyWh: trade.energyWh,
                    buyerPriceMilliWonPerKWh: trade.buyerPrice, sellerPriceMilliWonPerKWh: trade.sellerPrice))
        }
        try children(PostingRow.self, "account, purpose, commodity, amount") { position, posting in
            guard let account = parties.accounts[posting.account] else {
                throw malformed(position, "posting to an unknown account (party \(posting.account))")
            }
            guard let purpose = PostingPurpose(code: posting.purpose),
                let commodity = Commodity(code: posting.commodity)
            else {
                throw malformed(position, "posting with purpose \(posting.purpose) and commodity \(posting.commodity)")
            }
            transactions[position].postings.append(
                Posting(account: account, purpose: purpose, commodity: commodity, amount: posting.amount))
        }
        return transactions
    }

    /// What `ledger_matches` stores for an order id: NULL when it is the participant's metered
    /// order of the transaction's interval (``Order/meteredID(intervalStart:participant:)``), which
    /// reading derives back, else the id itself.
    static func storedOrderID(_ id: String, of participant: Participant, in transaction: LedgerTransaction)
        -> String?
    {
        id == Order.meteredID(intervalStart: transaction.intervalStart, participant: participant) ? nil : id
    }

    private static func isUniform(_ mechanism: Mechanism) -> Bool {
        if case .uniformPrice = mechanism { return true }
        return false
    }

    static func columns(_ participant: Participant) -> (String, String) {
        switch participant {
        case .household(let id): ("household", id)
        case .storage: ("storage", "")
        }
    }

    static func columns(_ account: Account) -> (String, String) {
        switch account {
        case .household(let id): ("household", id)
        case .operator: ("operator", "")
        case .storage: ("storage", "")
        case .grid: ("grid", "")
        }
    }

    /// Strict inverse of ``columns(_:)-participant``: a storage row with an id is not the storage.
    static func participant(_ kind: String, _ id: String) -> Participant? {
        switch (kind, id) {
        case ("household", let id): .household(id)
        case ("storage", ""): .storage
        default: nil
        }
    }

    static func account(_ kind: String, _ id: String) -> Account? {
        switch (kind, id) {
        case ("household", let id): .household(id)
        case ("operator", ""): .operator
        case ("storage", ""): .storage
        case ("grid", ""): .grid
        default: nil
        }
    }
}

/// A ledger row that cannot be read back as part of a transaction.
struct MalformedLedgerRow: Error {
    var sequence: Int64
    var idempotencyKey: String
    var message: String

    func storeError(path: String) -> StoreError {
        StoreError(
            code: .malformedRow, path: path, subject: "transaction #\(sequence) (\(idempotencyKey))",
            message: message + "; run `village ledger verify`")
    }
}
