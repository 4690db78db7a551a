import Market
import Tariffs
import VillageCore
import VillageStore

/// Settles intervals from the village store's metered intervals into the ledger: each
/// household's import, export and PV make its order, the tariff sets the prices, the site's
/// mechanism clears, the ``Settler`` posts.
///
/// A household takes part in an interval when its `energy.import` and `energy.export` intervals
/// exist and are not `missing` (and `pv.generation`, if stored, is not `missing` either);
/// consumption is import − export + PV. A household (or the battery) whose interval was estimated
/// across an outage longer than `settings.maxTradedEstimateGapSeconds` is settled with the grid
/// only: its energy reaches the ledger, but no neighbour trades against a guessed timing.
/// Households without usable data are left out and settled
/// later, as corrections, by a later call for the same interval once their data are stored: an
/// interval already in the ledger is never cleared again, so its trades and prices stay as first
/// settled. Calls are idempotent: a retry after a crash settles what is missing and otherwise
/// reports ``IntervalSettlementReport/Action/unchanged``.
public struct MeteredSettlement: Sendable {
    public let store: VillageStore
    public let ledger: SQLiteLedgerStore
    public let settings: MarketSettings
    /// When set, each settlement batch that grew the ledger ends with a signed checkpoint in the
    /// same SQLite transaction (see ``SQLiteLedgerBatch/checkpoint(key:time:)``).
    public var checkpointing: SettlementCheckpointing?

    public static let intervalSeconds: Int64 = TimeGrid.quarterHourSeconds

    public init(store: VillageStore, ledger: SQLiteLedgerStore, settings: MarketSettings) {
        self.store = store
        self.ledger = ledger
        self.settings = settings
    }

    /// Settles every interval starting in [from, to) (both multiples of `intervalSeconds`), oldest first.
    public func settle(from: Int64, to: Int64) async throws -> [IntervalSettlementReport] {
        guard from % Self.intervalSeconds == 0, to % Self.intervalSeconds == 0, from <= to else {
            throw StoreError(
                code: .invalidArgument, path: store.path, subject: "from/to",
                message: "interval range \(from)..<\(to) is not aligned to 15 minutes")
        }
        let households = try await store.households().map(\.unitId)
        let known = Set(households)
        // Read first, cleared last: what the collector writes meanwhile stays for the next call.
        let backlog = try await store.settlementBacklog()
        var monthToDate = MonthToDate(month: nil, importWh: [:])
        var reports: [IntervalSettlementReport] = []
        // A day at a time: one query for its intervals, one SQLite transaction for its settlements
        // (each index page written once per day, not once per interval). A crash loses at most the
        // day being written, which the next run settles. A day none of whose intervals is in the
        // ledger yet is cleared and sealed here while the day before is written on another thread;
        // a day with settled intervals (a re-run, late meters) is settled against the ledger.
        var writing: Task<[IntervalSettlementReport], any Error>?
        // The newest transaction as of the days sealed so far: `.none` when it must be read.
        var newest: LedgerTransaction?? = .none
        do {
            var chunkStart = from
            while chunkStart < to {
                // Up to the next local midnight: one batch per day, never across a month boundary.
                let nextMidnight = settings.calendar.start(
                    of: LocalDate(dayNumber: settings.calendar.date(of: chunkStart).dayNumber + 1))
                let chunkEnd = min(to, nextMidnight)
                // Month-to-date totals at the day's start (a day never crosses a local day, so at
                // most the first interval of a month resets them).
                let month = settings.calendar.month(of: chunkStart)
                if monthToDate.month != month {
                    let range = settings.calendar.range(of: month)
                    monthToDate = MonthToDate(
                        month: month,
                        importWh: try await store.householdTotals(
                            channel: .energyImport, from: range.lowerBound, to: chunkStart))
                }
                let day = try await SettlementDay(
                    settlement: self, from: chunkStart, to: chunkEnd, monthToDate: monthToDate)
                if try ledger.holdsTransactions(fromIntervalStart: chunkStart, toIntervalStart: chunkEnd) {
                    if let pending = writing { reports += try await pending.value }
                    writing = nil
                    let (dayReports, endOfDay) = try ledger.batch { [self, households, known] batch in
                        try settleAgainstLedger(day, in: batch, households: households, known: known)
                    }
                    reports += dayReports
                    monthToDate = endOfDay
                    newest = .none
                } else {
                    let last: LedgerTransaction?
                    if let sealedBefore = newest { last = sealedBefore } else { last = try ledger.lastTransaction() }
                    let sealed = try seal(day, after: last, households: households, known: known)
                    if let pending = writing { reports += try await pending.value }
                    writing = Task { [self, ledger, households, known] in
                        try await ledger.batchOnItsOwnThread { batch in
                            try write(sealed, of: day, in: batch, households: households, known: known)
                        }
                    }
                    monthToDate = sealed.endOfDay
                    newest = .some(sealed.checked.last?.transaction ?? last)
                }
                chunkStart = chunkEnd
            }
            if let pending = writing { reports += try await pending.value }
        } catch {
            // Nothing is left writing when the call returns, whatever it returns.
            _ = try? await writing?.value
            throw error
        }
        // Only once the ledger holds the settlements: a crash before this line settles the same
        // intervals again, which the ledger reports as unchanged.
        if let backlog { try await store.clearSettlementBacklog(through: backlog.throughId, from: from, to: to) }
        return reports
    }

    /// Settles (or corrects) one interval.
    public func settle(intervalStart: Int64) async throws -> IntervalSettlementReport {
        guard let report = try await settle(from: intervalStart, to: intervalStart + Self.intervalSeconds).first else {
            throw StoreError(
                code: .invalidArgument, path: store.path, subject: "interval", message: "empty interval range")
        }
        return report
    }

    struct MonthToDate: Sendable {
        var month: LocalMonth?
        var importWh: [String: Int64]
    }

    func settleInterval(
        _ start: Int64, intervals: [IntervalEnergy], storage: StorageReading? = nil, households: [String],
        known: Set<String>,
        monthToDateImportWh: [String: Int64], exportQuote: ExportPriceQuote? = nil, ledger: some LedgerStore
    ) throws -> IntervalSettlementReport {
        var (readings, missing, gridOnly) = intervalReadings(intervals, storage: storage, households: households)
        let existing = try ledger.transactions(intervalStart: start)
        let settler = Settler(store: ledger)
        if !existing.isEmpty {
            // A late battery reading trades with nobody: the shared PV meets what it can of the charge.
            if let storage {
                Self.replaceStorageReading(
                    in: &readings,
                    with: storage.chargedFromSharedPV(
                        matches: Settler<SQLiteLedgerBatch>.clearingInForce(existing).matches))
            }
            var settled: [Participant: MeterReading] = [:]
            for transaction in existing {
                for reading in transaction.meterReadings { settled[reading.participant] = reading }
            }
            let fresh = readings.filter { settled[$0.participant] == nil }
            let conflicting = readings.filter { reading in settled[reading.participant].map { $0 != reading } ?? false }
                .compactMap(\.participant.householdID)
            let freshIDs = Set(fresh.compactMap(\.participant.householdID))
            let stillMissing = households.filter { settled[.household($0)] == nil && !freshIDs.contains($0) }
            let outcome = try settler.applyLateReadings(intervalStart: start, meterReadings: fresh)
            return IntervalSettlementReport(
                intervalStart: start, action: outcome.transaction == nil ? .unchanged : .corrected,
                sequence: outcome.transaction?.sequence, settledHouseholds: fresh.compactMap(\.participant.householdID),
                missingHouseholds: stillMissing, conflictingHouseholds: conflicting)
        }
        guard readings.contains(where: { $0.participant != .storage }) else {
            return IntervalSettlementReport(
                intervalStart: start, action: .noData, sequence: nil, settledHouseholds: [],
                missingHouseholds: missing, conflictingHouseholds: [])
        }
        let input = try settlementInput(
            start, readings: readings, gridOnly: gridOnly, storage: storage, known: known,
            monthToDateImportWh: monthToDateImportWh, exportQuote: exportQuote)
        let outcome = try settler.settle(input)
        return IntervalSettlementReport(
            intervalStart: start, action: outcome.transaction == nil ? .unchanged : .settled,
            sequence: outcome.transaction?.sequence,
            settledHouseholds: input.meterReadings.compactMap(\.participant.householdID),
            missingHouseholds: missing, conflictingHouseholds: [])
    }

    /// The meter readings of an interval (the battery's included), the households without usable
    /// data, and the participants that settle with the grid only.
    func intervalReadings(_ intervals: [IntervalEnergy], storage: StorageReading?, households: [String])
        -> (readings: [MeterReading], missing: [String], gridOnly: Set<Participant>)
    {
        var (readings, missing, gridOnly) = Self.readings(intervals, households: households, settings: settings)
        if let storage {
            readings.append(storage.reading)
            if !storage.tradesPeerToPeer { gridOnly.insert(.storage) }
        }
        return (readings, missing, gridOnly)
    }

    /// An interval's first settlement: its readings cleared as orders at the interval's prices.
    func settlementInput(
        _ start: Int64, readings: [MeterReading], gridOnly: Set<Participant>, storage: StorageReading?,
        known: Set<String>, monthToDateImportWh: [String: Int64], exportQuote: ExportPriceQuote?
    ) throws -> IntervalSettlementInput {
        var readings = readings
        let prices = try gridPrices(
            at: start, households: readings.compactMap(\.participant.householdID),
            monthToDateImportWh: monthToDateImportWh, exportQuote: exportQuote)
        let clearing = try clear(
            start, readings: readings, gridOnly: gridOnly, known: known, mechanism: settings.mechanism, prices: prices)
        // The battery's order is its metered net charge; what the homes did not sell it, the shared
        // PV meets before the grid does.
        if let storage {
            Self.replaceStorageReading(in: &readings, with: storage.chargedFromSharedPV(matches: clearing.matches))
        }
        return IntervalSettlementInput(
            intervalStart: start, clearing: clearing, prices: prices, meterReadings: readings)
    }

    /// Clears one interval's metered net energies as orders at `prices`; participants in
    /// `gridOnly` place none (their whole reading is their grid residual).
    func clear(
        _ start: Int64, readings: [MeterReading], gridOnly: Set<Participant>, known: Set<String>,
        mechanism: Mechanism, prices: GridPrices
    ) throws -> ClearingResult {
        let orders = readings.compactMap { reading -> Order? in
            if gridOnly.contains(reading.participant) { return nil }
            guard let id = reading.participant.householdID else {
                return storageOrder(reading, start: start, prices: prices)
            }
            return Order.fromMeteredNet(
                household: id, intervalStart: start, producedWh: reading.producedWh, consumedWh: reading.consumedWh,
                preferences: settings.preferences[id] ?? .default,
                exportPriceMilliWonPerKWh: prices.exportMilliWonPerKWh,
                marginalImportPriceMilliWonPerKWh: prices.importPrice(for: reading.participant))
        }
        let book = try OrderBook(orders, knownHouseholds: known)
        return try MarketClearing.clear(book, mechanism: mechanism, prices: prices)
    }

    /// Meter readings of the households with usable data, the ids of those without, and the
    /// participants whose readings settle with the grid only (estimated across a long outage).
    static func readings(
        _ intervals: [IntervalEnergy], households: [String], settings: MarketSettings
    ) -> (readings: [MeterReading], missing: [String], gridOnly: Set<Participant>) {
        var channels: [String: [MeteringChannel: IntervalEnergy]] = [:]
        for interval in intervals { channels[interval.owner.id, default: [:]][interval.channel] = interval }
        var readings: [MeterReading] = []
        var missing: [String] = []
        var gridOnly: Set<Participant> = []
        for id in households {
            let own = channels[id] ?? [:]
            guard let imported = own[.energyImport], let exported = own[.energyExport],
                imported.quality.rank > 0, exported.quality.rank > 0,
                own[.pvGeneration].map({ $0.quality.rank > 0 }) ?? true
            else {
                missing.append(id)
                continue
            }
            var produced = own[.pvGeneration]?.value ?? 0
            var consumed = imported.value - exported.value + produced
            // The electricity meter and the inverter are separate devices: when one of them was
            // silent, its estimate spreads the outage's energy evenly while the other measured the
            // real shape, and an interval can show more export than PV. Its net (import − export)
            // is what settles, and that is exact over the outage; the PV figure is raised to match,
            // so the interval settles now rather than waiting for data that will never be better.
            let estimated =
                [imported, exported].contains { $0.quality.rank == 1 } || own[.pvGeneration]?.quality.rank == 1
            if estimated, consumed < 0, imported.value >= 0, exported.value >= 0, produced >= 0 {
                produced -= consumed
                consumed = 0
            }
            // A meter pair that cannot be right (negative energy) waits for better data.
            guard imported.value >= 0, exported.value >= 0, produced >= 0, consumed >= 0 else {
                missing.append(id)
                continue
            }
            readings.append(MeterReading(participant: .household(id), producedWh: produced, consumedWh: consumed))
            if !own.values.allSatisfy({ settings.tradesPeerToPeer($0.quality) }) { gridOnly.insert(.household(id)) }
        }
        return (readings, missing, gridOnly)
    }

    /// The battery's meter readings by interval start, from its PCS meter's `ess.discharge`
    /// (produced) and `ess.charge` (consumed) intervals, with the shared PV arrays' generation of
    /// the interval (``StorageReading/chargedFromSharedPV(matches:)``); intervals where either, or
    /// a shared array's, is missing are left out and settled later, as corrections, like a
    /// household's.
    func storageReadings(from: Int64, to: Int64) async throws -> [Int64: StorageReading] {
        guard let device = settings.storage?.device else { return [:] }
        let charged = try await store.intervals(owner: .plant(device), channel: .essCharge, from: from, to: to)
        let discharged = try await store.intervals(owner: .plant(device), channel: .essDischarge, from: from, to: to)
        let dischargedByStart = Dictionary(discharged.map { ($0.start, $0) }, uniquingKeysWith: { first, _ in first })
        let sharedPV = try await sharedPVIntervals(from: from, to: to)
        var readings: [Int64: StorageReading] = [:]
        for charge in charged {
            let pv = sharedPV[charge.start] ?? SharedPVInterval()
            guard let discharge = dischargedByStart[charge.start], charge.quality.rank > 0, discharge.quality.rank > 0,
                charge.value >= 0, discharge.value >= 0, pv.usable
            else { continue }
            readings[charge.start] = StorageReading(
                reading: MeterReading(participant: .storage, producedWh: discharge.value, consumedWh: charge.value),
                tradesPeerToPeer: settings.tradesPeerToPeer(charge.quality)
                    && settings.tradesPeerToPeer(discharge.quality) && pv.tradesPeerToPeer,
                sharedPVWh: pv.energyWh)
        }
        return readings
    }

    /// The battery's reading for one interval, and whether it may trade (not a long estimate).
    struct StorageReading: Sendable {
        /// As its PCS meter measured it: produced = discharged, consumed = charged.
        var reading: MeterReading
        var tradesPeerToPeer: Bool
        /// The shared PV arrays' generation in the interval, Wh.
        var sharedPVWh: Int64 = 0
    }

    /// The storage's order for the net energy its meter measured: a seller for net discharge, a
    /// buyer for net charge.
    func storageOrder(_ reading: MeterReading, start: Int64, prices: GridPrices) -> Order? {
        Order.fromStoragePlan(
            intervalStart: start, plannedNetDischargeWh: reading.producedWh - reading.consumedWh,
            minSellPriceMilliWonPerKWh: settings.storage?.minSellPriceMilliWonPerKWh ?? prices.exportMilliWonPerKWh,
            maxBuyPriceMilliWonPerKWh: settings.storage?.maxBuyPriceMilliWonPerKWh ?? prices.importPrice(for: .storage))
    }

    /// λs from the SMP feed's quote, else the export tariff (or the import tariff's own export price), λb per household from
    /// its month-to-date import, and the reference λb at zero usage.
    func gridPrices(
        at start: Int64, households: [String], monthToDateImportWh: [String: Int64],
        exportQuote: ExportPriceQuote? = nil
    ) throws -> GridPrices {
        let reference = try settings.importTariff.price(at: start)
        guard let referenceImport = reference.importPriceMilliPerKWh else {
            throw StoreError(
                code: .missingPrice, path: settings.importTariff.file, subject: "import price",
                message: "tariff \(settings.importTariff.name) has no import price at \(start)")
        }
        let exportPrice: Int64?
        if let exportQuote {
            exportPrice = exportQuote.priceMilliWonPerKWh
        } else if let exportTariff = settings.exportTariff {
            exportPrice = try exportTariff.price(at: start).exportPriceMilliPerKWh
        } else {
            exportPrice = reference.exportPriceMilliPerKWh
        }
        guard let exportPrice else {
            let tariff = settings.exportTariff ?? settings.importTariff
            throw StoreError(
                code: .missingPrice, path: tariff.file, subject: "export price",
                message: "tariff \(tariff.name) gives no export price for the interval starting \(start) (UTC seconds)"
                    + (settings.exportTariff == nil ? "; pass an export tariff" : "; extend its price series"))
        }
        var householdPrices: [String: Int64] = [:]
        for id in households {
            let usage = monthToDateImportWh[id] ?? 0
            guard usage > 0 else { continue }
            let price =
                try settings.importTariff.price(at: start, monthToDateImportWh: usage).importPriceMilliPerKWh
                ?? referenceImport
            if price != referenceImport { householdPrices[id] = price }
        }
        var storagePrice: Int64?
        if let plantTariff = settings.storage?.importTariff {
            guard let price = try plantTariff.price(at: start).importPriceMilliPerKWh else {
                throw StoreError(
                    code: .missingPrice, path: plantTariff.file, subject: "import price",
                    message: "plant tariff \(plantTariff.name) has no import price at \(start)")
            }
            storagePrice = price
        }
        let prices = GridPrices(
            exportMilliWonPerKWh: exportPrice, importMilliWonPerKWh: referenceImport,
            householdImportMilliWonPerKWh: householdPrices, storageImportMilliWonPerKWh: storagePrice)
        try prices.validate()
        return prices
    }
}
