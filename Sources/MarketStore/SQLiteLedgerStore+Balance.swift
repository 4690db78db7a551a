import GRDB
import Market
import Tariffs

extension SQLiteLedgerStore {
    /// One participant's balance per local month over interval starts in [from, to), from the
    /// ledger's indexed rows: its readings and postings only, never whole transactions.
    ///
    /// Three range scans of covering indexes (the period's transactions, the participant's
    /// readings, its postings) plus its own import prices; the result equals
    /// ``ParticipantSummary/init(participant:transactions:fromIntervalStart:toIntervalStart:)``
    /// month by month, which the tests check.
    public func monthlyBalances(
        participant: Participant, from: Int64 = .min, to: Int64 = .max, calendar: SiteCalendar = SiteCalendar()
    ) throws -> [MonthlyBalance] {
        guard hasLedgerTables else { return [] }
        let (kind, id) = LedgerRows.columns(participant)
        return try perform("balance of \(participant)", write: false) { db in
            // The period's transactions: sequence → month slot and grid prices.
            var first: Int64 = .max
            var last: Int64 = .min
            var entries: [(sequence: Int64, slot: Int, exportPrice: Int64, importPrice: Int64)] = []
            var months: [LocalMonth] = []
            var slotOfDay: (day: Int64, slot: Int) = (.min, -1)
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sequence, interval_start, export_price, import_price FROM ledger_transactions
                    WHERE interval_start >= ? AND interval_start < ?
                    """,
                arguments: [from, to])
            while let row = try rows.next() {
                let sequence: Int64 = row[0]
                let start: Int64 = row[1]
                let day = calendar.date(of: start).dayNumber
                if day != slotOfDay.day {
                    let month = calendar.month(of: start)
                    let slot = months.firstIndex(of: month) ?? { months.append(month); return months.count - 1 }()
                    slotOfDay = (day, slot)
                }
                entries.append((sequence, slotOfDay.slot, row[2], row[3]))
                first = min(first, sequence)
                last = max(last, sequence)
            }
            guard !entries.isEmpty else { return [] }
            // Dense by sequence: sequences are 0, 1, 2, … so the period is one slice.
            let count = Int(last - first + 1)
            var slots = [Int](repeating: -1, count: count)
            var exportPrices = [Int64](repeating: 0, count: count)
            var importPrices = [Int64](repeating: 0, count: count)
            for entry in entries {
                let offset = Int(entry.sequence - first)
                slots[offset] = entry.slot
                exportPrices[offset] = entry.exportPrice
                importPrices[offset] = entry.importPrice
            }
            if case .household(let household) = participant {
                let prices = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT sequence, import_price FROM ledger_household_prices
                        WHERE household_id = ? AND sequence BETWEEN ? AND ?
                        """,
                    arguments: [household, first, last])
                while let row = try prices.next() { importPrices[Int((row[0] as Int64) - first)] = row[1] }
            }
            var summaries = months.map { _ in ParticipantSummary(participant: participant) }
            // Whether the participant has a row in the transaction at each offset (counted per month at the end).
            var touched = [Bool](repeating: false, count: count)
            let readings = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sequence, produced_wh, consumed_wh FROM ledger_readings
                    WHERE participant_kind = ? AND participant_id = ? AND sequence BETWEEN ? AND ?
                    """,
                arguments: [kind, id, first, last])
            while let row = try readings.next() {
                let sequence: Int64 = row[0]
                let offset = Int(sequence - first)
                let slot = slots[offset]
                guard slot >= 0 else { continue }
                summaries[slot].add(MeterReading(participant: participant, producedWh: row[1], consumedWh: row[2]),
                                    importPriceMilliWonPerKWh: importPrices[offset],
                                    exportPriceMilliWonPerKWh: exportPrices[offset])
                touched[offset] = true
            }
            // Purpose and commodity as one small integer computed by SQLite: no String per row.
            let postings = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sequence,
                        CASE purpose WHEN 'peerTrade' THEN 0 WHEN 'gridImport' THEN 2 WHEN 'gridExport' THEN 4 ELSE -100 END
                        + CASE commodity WHEN 'energyWh' THEN 0 WHEN 'moneyMilliWon' THEN 1 ELSE -100 END,
                        amount
                    FROM ledger_postings
                    WHERE account_kind = ? AND account_id = ? AND sequence BETWEEN ? AND ?
                    """,
                arguments: [kind, id, first, last])
            let account = participant.account
            while let row = try postings.next() {
                let sequence: Int64 = row[0]
                let offset = Int(sequence - first)
                let slot = slots[offset]
                guard slot >= 0 else { continue }
                let code: Int = row[1]
                guard (0..<Self.postingKinds.count).contains(code) else {
                    throw MarketStoreError(code: .malformedRow, path: self.path, subject: "transaction #\(sequence)",
                                           message: "a posting has an unknown purpose or commodity; run `village ledger verify`")
                }
                let (purpose, commodity) = Self.postingKinds[code]
                summaries[slot].add(Posting(account: account, purpose: purpose, commodity: commodity, amount: row[2]))
                touched[offset] = true
            }
            var counts = [Int](repeating: 0, count: months.count)
            for offset in 0..<count where touched[offset] { counts[slots[offset]] += 1 }
            return months.indices
                .map { MonthlyBalance(month: months[$0].description, summary: summaries[$0], transactionCount: counts[$0]) }
                .filter { $0.transactionCount > 0 }
                .sorted { $0.month < $1.month }
        }
    }

    /// Posting kinds by the code the balance query computes: purpose × 2 + commodity.
    static let postingKinds: [(PostingPurpose, Commodity)] = [
        (.peerTrade, .energyWh), (.peerTrade, .moneyMilliWon), (.gridImport, .energyWh), (.gridImport, .moneyMilliWon),
        (.gridExport, .energyWh), (.gridExport, .moneyMilliWon),
    ]
}
