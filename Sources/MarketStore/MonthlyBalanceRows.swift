import GRDB
import Market
import Tariffs

/// The derived `ledger_monthly_balances` table: what one transaction adds to each participant's
/// month, and reading the months back.
enum MonthlyBalanceRows {
    /// Each participant's part of one transaction, keyed by participant (households and storage).
    static func contributions(of transaction: LedgerTransaction) -> [Participant: ParticipantSummary] {
        var parts: [Participant: ParticipantSummary] = [:]
        for reading in transaction.meterReadings {
            parts[reading.participant, default: ParticipantSummary(participant: reading.participant)]
                .add(reading, importPriceMilliWonPerKWh: transaction.prices.importPrice(for: reading.participant),
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
        let month = calendar.month(of: transaction.intervalStart).description
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO ledger_monthly_balances (participant_kind, participant_id, month, transactions, produced_wh,
                    consumed_wh, self_consumed_wh, bought_from_neighbours_wh, sold_to_neighbours_wh, grid_import_wh,
                    grid_export_wh, money_in, money_out, grid_only_cost)
                VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (participant_kind, participant_id, month) DO UPDATE SET
                    transactions = transactions + 1,
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
        for (participant, part) in contributions(of: transaction) {
            let (kind, id) = LedgerRows.columns(participant)
            try statement.execute(arguments: [
                kind, id, month, part.producedWh, part.consumedWh, part.selfConsumedWh, part.boughtFromNeighboursWh,
                part.soldToNeighboursWh, part.gridImportWh, part.gridExportWh, part.moneyInMilliWon, part.moneyOutMilliWon,
                part.gridOnlyCostMilliWon,
            ])
        }
    }

    /// The stored months of one participant in [fromMonth, toMonth] (`YYYY-MM`), oldest first.
    static func read(_ db: Database, participant: Participant, fromMonth: String = "", toMonth: String = "~") throws -> [MonthlyBalance] {
        let (kind, id) = LedgerRows.columns(participant)
        return try Row.fetchAll(
            db,
            sql: """
                SELECT month, transactions, produced_wh, consumed_wh, self_consumed_wh, bought_from_neighbours_wh,
                    sold_to_neighbours_wh, grid_import_wh, grid_export_wh, money_in, money_out, grid_only_cost
                FROM ledger_monthly_balances
                WHERE participant_kind = ? AND participant_id = ? AND month >= ? AND month <= ?
                ORDER BY month
                """,
            arguments: [kind, id, fromMonth, toMonth]
        ).map { row in
            var summary = ParticipantSummary(participant: participant)
            summary.producedWh = row[2]
            summary.consumedWh = row[3]
            summary.selfConsumedWh = row[4]
            summary.boughtFromNeighboursWh = row[5]
            summary.soldToNeighboursWh = row[6]
            summary.gridImportWh = row[7]
            summary.gridExportWh = row[8]
            summary.moneyInMilliWon = row[9]
            summary.moneyOutMilliWon = row[10]
            summary.gridOnlyCostMilliWon = row[11]
            return MonthlyBalance(month: row[0], summary: summary, transactionCount: row[1])
        }
    }

    /// Every stored row, for verification: (participant, month) → balance.
    static func readAll(_ db: Database) throws -> [MonthKey: MonthlyBalance] {
        var result: [MonthKey: MonthlyBalance] = [:]
        let kinds = try Row.fetchAll(db, sql: "SELECT DISTINCT participant_kind, participant_id FROM ledger_monthly_balances")
        for row in kinds {
            guard let participant = LedgerRows.participant(row[0], row[1]) else { continue }
            for balance in try read(db, participant: participant) {
                result[MonthKey(participant: participant, month: balance.month)] = balance
            }
        }
        return result
    }

    struct MonthKey: Hashable {
        var participant: Participant
        var month: String
    }
}
