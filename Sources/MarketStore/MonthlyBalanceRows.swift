import GRDB
import Market
import Tariffs

/// The derived `ledger_monthly_balances` table: what one transaction adds to each participant's
/// month, and reading the months back.
enum MonthlyBalanceRows {
    /// Each participant's part of one transaction, keyed by participant (households and storage);
    /// `repricing` is what it changes in grid-only baselines of its interval's earlier readings
    /// (``GridOnlyRepricing``: non-empty only for a price true-up).
    static func contributions(of transaction: LedgerTransaction, repricing: [Participant: Int64] = [:])
        -> [Participant: ParticipantSummary]
    {
        var parts: [Participant: ParticipantSummary] = [:]
        for (participant, difference) in repricing {
            parts[participant, default: ParticipantSummary(participant: participant)].gridOnlyCostMilliWon += difference
        }
        for reading in transaction.meterReadings {
            parts[reading.participant, default: ParticipantSummary(participant: reading.participant)]
                .add(
                    reading, importPriceMilliWonPerKWh: transaction.prices.importPrice(for: reading.participant),
                    exportPriceMilliWonPerKWh: transaction.prices.exportMilliWonPerKWh)
        }
        for posting in transaction.postings {
            let participant: Participant
            switch posting.account {
            case .household(let id): participant = .household(id)
            case .storage: participant = .storage
            case .operator, .grid: continue
            }
            parts[participant, default: ParticipantSummary(participant: participant)].add(posting)
        }
        return parts
    }

    static func add(_ transaction: LedgerTransaction, calendar: SiteCalendar, to db: Database) throws {
        var pending = Pending()
        try pending.add(transaction, calendar: calendar, in: db)
        try pending.write(to: db)
    }

    /// The totals of many transactions summed in memory and written with one upsert per
    /// participant and month: a day of settlement touches each household's month 96 times.
    struct Pending {
        private var totals: [MonthKey: (part: ParticipantSummary, transactions: Int64)] = [:]

        /// `db` holds `transaction`'s interval's earlier transactions (a price true-up re-prices them).
        mutating func add(_ transaction: LedgerTransaction, calendar: SiteCalendar, in db: Database) throws {
            let month = calendar.month(of: transaction.intervalStart).description
            for (participant, part) in contributions(of: transaction, repricing: try repricing(by: transaction, in: db))
            {
                let key = MonthKey(participant: participant, month: month)
                var total = totals[key] ?? (ParticipantSummary(participant: participant), 0)
                total.part.add(part)
                total.transactions += 1
                totals[key] = total
            }
        }

        /// A month's whole total, in place of anything added for it so far.
        mutating func set(_ key: MonthKey, _ balance: MonthlyBalance) {
            totals[key] = (balance.summary, Int64(balance.transactionCount))
        }

        /// Adds the totals to the stored months and forgets them.
        mutating func write(to db: Database) throws {
            guard !totals.isEmpty else { return }
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO ledger_monthly_balances (participant_kind, participant_id, month, transactions,
                        produced_wh, consumed_wh, self_consumed_wh, bought_from_neighbours_wh, sold_to_neighbours_wh,
                        grid_import_wh, grid_export_wh, money_in, money_out, grid_only_cost)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (participant_kind, participant_id, month) DO UPDATE SET
                        transactions = transactions + excluded.transactions,
                        produced_wh = produced_wh + excluded.produced_wh,
                        consumed_wh = consumed_wh + excluded.consumed_wh,
                        self_consumed_wh = self_consumed_wh + excluded.self_consumed_wh,
                        bought_from_neighbours_wh = bought_from_neighbours_wh + excluded.bought_from_neighbours_wh,
                        sold_to_neighbours_wh = sold_to_neighbours_wh + excluded.sold_to_neighbours_wh,
                        grid_import_wh = grid_import_wh + excluded.grid_import_wh,
                        grid_export_wh = grid_export_wh + excluded.grid_export_wh,
                        money_in = money_in + excluded.money_in,
                        money_out = money_out + excluded.money_out,
                        grid_only_cost = grid_only_cost + excluded.grid_only_cost
                    """)
            for (key, total) in totals {
                let (kind, id) = LedgerRows.columns(key.participant)
                let part = total.part
                try statement.execute(arguments: [
                    kind, id, key.month, total.transactions, part.producedWh, part.consumedWh, part.selfConsumedWh,
                    part.boughtFromNeighboursWh, part.soldToNeighboursWh, part.gridImportWh, part.gridExportWh,
                    part.moneyInMilliWon, part.moneyOutMilliWon, part.gridOnlyCostMilliWon,
                ])
            }
            totals = [:]
        }
    }

    /// Writes whole months (the table holding none of them yet).
    static func insert(_ balances: [MonthKey: MonthlyBalance], into db: Database) throws {
        var pending = Pending()
        for (key, balance) in balances {
            pending.set(key, balance)
        }
        try pending.write(to: db)
    }

    /// What `transaction` re-prices in the grid-only baselines of its interval: only a price
    /// true-up changes an interval's prices (the verifier refuses any other change), so only then
    /// are the interval's earlier transactions read.
    static func repricing(by transaction: LedgerTransaction, in db: Database) throws -> [Participant: Int64] {
        guard transaction.isPriceTrueUp else { return [:] }
        var repricing = GridOnlyRepricing()
        let earlier = try LedgerRows.read(
            db, where: "interval_start = ? AND sequence < ?",
            arguments: [transaction.intervalStart, transaction.sequence])
        for previous in earlier { _ = repricing.adjustments(for: previous) }
        return repricing.adjustments(for: transaction)
    }

    /// The stored months of one participant in [fromMonth, toMonth] (`YYYY-MM`), oldest first.
    static func read(_ db: Database, participant: Participant, fromMonth: String = "", toMonth: String = "~") throws
        -> [MonthlyBalance]
    {
        let (kind, id) = LedgerRows.columns(participant)
        return try MonthRow.fetchAll(
            db,
            sql: """
                SELECT month, transactions, produced_wh, consumed_wh, self_consumed_wh, bought_from_neighbours_wh,
                    sold_to_neighbours_wh, grid_import_wh, grid_export_wh, money_in, money_out, grid_only_cost
                FROM ledger_monthly_balances
                WHERE participant_kind = ? AND participant_id = ? AND month >= ? AND month <= ?
                ORDER BY month
                """,
            arguments: [kind, id, fromMonth, toMonth]
        ).map { $0.balance(of: participant) }
    }

    /// Every stored row, for verification: (participant, month) → balance.
    static func readAll(_ db: Database) throws -> [MonthKey: MonthlyBalance] {
        var result: [MonthKey: MonthlyBalance] = [:]
        let kinds = try ParticipantRow.fetchAll(
            db, sql: "SELECT DISTINCT participant_kind, participant_id FROM ledger_monthly_balances")
        for row in kinds {
            guard let participant = LedgerRows.participant(row.participantKind, row.participantID) else { continue }
            for balance in try read(db, participant: participant) {
                result[MonthKey(participant: participant, month: balance.month)] = balance
            }
        }
        return result
    }

    /// One participant's month in `ledger_monthly_balances` (a few rows a year: read by name).
    struct MonthRow: FetchableRecord, TableRecord {
        static let databaseTableName = "ledger_monthly_balances"
        enum Columns {
            static let month = Column("month")
            static let transactions = Column("transactions")
            static let producedWh = Column("produced_wh")
            static let consumedWh = Column("consumed_wh")
            static let selfConsumedWh = Column("self_consumed_wh")
            static let boughtFromNeighboursWh = Column("bought_from_neighbours_wh")
            static let soldToNeighboursWh = Column("sold_to_neighbours_wh")
            static let gridImportWh = Column("grid_import_wh")
            static let gridExportWh = Column("grid_export_wh")
            static let moneyIn = Column("money_in")
            static let moneyOut = Column("money_out")
            static let gridOnlyCost = Column("grid_only_cost")
        }

        var month: String
        var transactions: Int64
        var producedWh: Int64
        var consumedWh: Int64
        var selfConsumedWh: Int64
        var boughtFromNeighboursWh: Int64
        var soldToNeighboursWh: Int64
        var gridImportWh: Int64
        var gridExportWh: Int64
        var moneyIn: Int64
        var moneyOut: Int64
        var gridOnlyCost: Int64

        init(row: Row) throws {
            let table = Self.databaseTableName
            month = try row.text(Columns.month, of: table)
            transactions = try row.integer(Columns.transactions, of: table)
            producedWh = try row.integer(Columns.producedWh, of: table)
            consumedWh = try row.integer(Columns.consumedWh, of: table)
            selfConsumedWh = try row.integer(Columns.selfConsumedWh, of: table)
            boughtFromNeighboursWh = try row.integer(Columns.boughtFromNeighboursWh, of: table)
            soldToNeighboursWh = try row.integer(Columns.soldToNeighboursWh, of: table)
            gridImportWh = try row.integer(Columns.gridImportWh, of: table)
            gridExportWh = try row.integer(Columns.gridExportWh, of: table)
            moneyIn = try row.integer(Columns.moneyIn, of: table)
            moneyOut = try row.integer(Columns.moneyOut, of: table)
            gridOnlyCost = try row.integer(Columns.gridOnlyCost, of: table)
        }

        func balance(of participant: Participant) -> MonthlyBalance {
            var summary = ParticipantSummary(participant: participant)
            summary.producedWh = producedWh
            summary.consumedWh = consumedWh
            summary.selfConsumedWh = selfConsumedWh
            summary.boughtFromNeighboursWh = boughtFromNeighboursWh
            summary.soldToNeighboursWh = soldToNeighboursWh
            summary.gridImportWh = gridImportWh
            summary.gridExportWh = gridExportWh
            summary.moneyInMilliWon = moneyIn
            summary.moneyOutMilliWon = moneyOut
            summary.gridOnlyCostMilliWon = gridOnlyCost
            return MonthlyBalance(month: month, summary: summary, transactionCount: Int(clamping: transactions))
        }
    }

    /// A participant that has monthly totals.
    struct ParticipantRow: FetchableRecord, TableRecord {
        static let databaseTableName = "ledger_monthly_balances"
        enum Columns {
            static let participantKind = Column("participant_kind")
            static let participantID = Column("participant_id")
        }

        var participantKind: String
        var participantID: String

        init(row: Row) throws {
            participantKind = try row.text(Columns.participantKind, of: Self.databaseTableName)
            participantID = try row.text(Columns.participantID, of: Self.databaseTableName)
        }
    }

    struct MonthKey: Hashable {
        var participant: Participant
        var month: String
    }
}
