import Market
import VillageCore
import VillageStore

extension MeteredSettlement {
    /// What settling one day (or the part of it in the range) reads from the store.
    struct SettlementDay: Sendable {
        var from: Int64
        var to: Int64
        var intervals: [Int64: [IntervalEnergy]]
        var storage: [Int64: StorageReading]
        var exportQuotes: [Int64: ExportPriceQuote]
        /// Each household's import this month before `from`.
        var monthToDate: MonthToDate

        init(settlement: MeteredSettlement, from: Int64, to: Int64, monthToDate: MonthToDate) async throws {
            let rows = try await settlement.store.householdIntervals(
                channels: [.energyImport, .energyExport, .pvGeneration], from: from, to: to)
            var intervals: [Int64: [IntervalEnergy]] = [:]
            for row in rows { intervals[row.start, default: []].append(row) }
            self.from = from
            self.to = to
            self.intervals = intervals
            self.storage = try await settlement.storageReadings(from: from, to: to)
            self.exportQuotes = try await settlement.exportPriceQuotes(from: from, to: to)
            self.monthToDate = monthToDate
        }

        /// The interval starts of the day, oldest first.
        var starts: StrideTo<Int64> { stride(from: from, to: to, by: Int(MeteredSettlement.intervalSeconds)) }

        /// `running` after the households' import in the interval starting at `start`.
        func monthToDate(_ running: MonthToDate, after start: Int64) -> MonthToDate {
            var running = running
            for row in intervals[start] ?? [] where row.channel == .energyImport {
                running.importWh[row.owner.id, default: 0] += row.value
            }
            return running
        }
    }

    /// A day's settlements sealed off the writer, in order, to follow the transaction they were
    /// sealed after.
    struct SealedDay: Sendable {
        /// The ledger's newest transaction when the day was sealed (nil: the ledger was empty).
        var after: (sequence: Int64, hash: String)?
        /// Hashes checked and leaves computed here rather than by the writer.
        var checked: [CheckedTransaction]
        var transactions: [LedgerTransaction] { checked.map(\.transaction) }
        var reports: [IntervalSettlementReport]
        /// Export prices chosen without an official one, for the intervals settled.
        var provisionalPrices: [ProvisionalPrice]
        var endOfDay: MonthToDate
    }

    /// Settles a day interval by interval against the ledger as it stands in `batch`: what a day
    /// with intervals already settled (a re-run, meters arriving late) takes.
    func settleAgainstLedger(
        _ day: SettlementDay, in batch: SQLiteLedgerBatch, households: [String], known: Set<String>
    ) throws -> ([IntervalSettlementReport], MonthToDate) {
        var running = day.monthToDate
        var reports: [IntervalSettlementReport] = []
        for start in day.starts {
            let report = try settleInterval(
                start, intervals: day.intervals[start] ?? [], storage: day.storage[start],
                households: households, known: known,
                monthToDateImportWh: running.importWh, exportQuote: day.exportQuotes[start], ledger: batch)
            if report.action == .settled, let provisional = day.exportQuotes[start]?.provisional {
                try VillageStore.recordProvisionalPrice(provisional, batch.db)
            }
            reports.append(report)
            running = day.monthToDate(running, after: start)
        }
        try checkpointIfGrown(batch, reports: reports)
        return (reports, running)
    }

    /// Clears and seals a day none of whose intervals is in the ledger, each settlement following
    /// the one before, the first following `last`: what ``settleAgainstLedger(_:in:households:known:)``
    /// would append, computed without the database.
    func seal(_ day: SettlementDay, after last: LedgerTransaction?, households: [String], known: Set<String>)
        throws -> SealedDay
    {
        var sealed = SealedDay(
            after: last.map { ($0.sequence, $0.hash) }, checked: [], reports: [], provisionalPrices: [],
            endOfDay: day.monthToDate)
        var newest = last
        for start in day.starts {
            let storage = day.storage[start]
            let (readings, missing, gridOnly) = intervalReadings(
                day.intervals[start] ?? [], storage: storage, households: households)
            guard readings.contains(where: { $0.participant != .storage }) else {
                sealed.reports.append(
                    IntervalSettlementReport(
                        intervalStart: start, action: .noData, sequence: nil, settledHouseholds: [],
                        missingHouseholds: missing, conflictingHouseholds: []))
                sealed.endOfDay = day.monthToDate(sealed.endOfDay, after: start)
                continue
            }
            let input = try settlementInput(
                start, readings: readings, gridOnly: gridOnly, storage: storage, known: known,
                monthToDateImportWh: sealed.endOfDay.importWh, exportQuote: day.exportQuotes[start])
            let transaction = try Settler<SQLiteLedgerBatch>.settlement(input, after: newest)
            newest = transaction
            sealed.checked.append(try CheckedTransaction(transaction))
            if let provisional = day.exportQuotes[start]?.provisional { sealed.provisionalPrices.append(provisional) }
            sealed.reports.append(
                IntervalSettlementReport(
                    intervalStart: start, action: .settled, sequence: transaction.sequence,
                    settledHouseholds: input.meterReadings.compactMap(\.participant.householdID),
                    missingHouseholds: missing, conflictingHouseholds: []))
            sealed.endOfDay = day.monthToDate(sealed.endOfDay, after: start)
        }
        return sealed
    }

    /// Appends a sealed day in `batch`. Should the ledger have grown since it was sealed (another
    /// process settling), the day is settled against the ledger instead: the same reports a
    /// settlement that never sealed ahead would give.
    func write(
        _ sealed: SealedDay, of day: SettlementDay, in batch: SQLiteLedgerBatch, households: [String],
        known: Set<String>
    ) throws -> [IntervalSettlementReport] {
        guard !sealed.checked.isEmpty else { return sealed.reports }
        let newest = try batch.lastTransaction()
        guard newest?.sequence == sealed.after?.sequence, newest?.hash == sealed.after?.hash else {
            return try settleAgainstLedger(day, in: batch, households: households, known: known).0
        }
        for checked in sealed.checked { try batch.append(checked) }
        for price in sealed.provisionalPrices { try VillageStore.recordProvisionalPrice(price, batch.db) }
        try checkpointIfGrown(batch, reports: sealed.reports)
        return sealed.reports
    }

    /// Ends a batch that grew the ledger with a signed checkpoint, when settlement signs them.
    private func checkpointIfGrown(_ batch: SQLiteLedgerBatch, reports: [IntervalSettlementReport]) throws {
        if let checkpointing, reports.contains(where: { $0.sequence != nil }) {
            try batch.checkpoint(key: checkpointing.key, time: checkpointing.now())
        }
    }
}
