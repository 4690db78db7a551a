import Market
import Tariffs
import VillageCore
import VillageStore

extension MeteredSettlement {
    /// What one true-up did.
    package struct PriceTrueUpOutcome: Sendable, Hashable {
        /// Intervals re-priced by a correction.
        package var truedUp = 0
        /// Provisional intervals whose official price equalled the provisional one (nothing posted).
        package var confirmed = 0
    }

    /// Re-prices every settled interval whose hour got a new or revised SMP since the last
    /// true-up: where the export price it settled at differs from the official one, the interval
    /// is cleared again at the official price from the orders of its settlement and a correction
    /// posts the difference (``Settler/trueUp(intervalStart:prices:matches:)``); its provisional
    /// record, if any, is closed. Safe to run at any time and again after a crash: the mark
    /// advances only once the corrections are in the ledger, and an interval already at its
    /// official price is left alone.
    package func trueUpPrices() async throws -> PriceTrueUpOutcome {
        guard let region = settings.smpRegion,
            let (hours, throughId) = try await store.pricesSinceTrueUp(region: region)
        else { return PriceTrueUpOutcome() }
        let households = try await store.households().map(\.unitId)
        let known = Set(households)
        var outcome = PriceTrueUpOutcome()
        // A local day at a time: one read of its meter data, one SQLite transaction.
        var byDay: [Int64: [Int64]] = [:]
        for hour in hours.keys {
            for quarter in 0..<(TimeGrid.hourSeconds / Self.intervalSeconds) {
                let start = hour + quarter * Self.intervalSeconds
                byDay[settings.calendar.date(of: start).dayNumber, default: []].append(start)
            }
        }
        for day in byDay.keys.sorted() {
            let starts = byDay[day, default: []].sorted()
            guard let first = starts.first, let last = starts.last else { continue }
            let rows = try await store.householdIntervals(
                channels: [.energyImport, .energyExport, .pvGeneration], from: first,
                to: last + Self.intervalSeconds)
            var byStart: [Int64: [IntervalEnergy]] = [:]
            for row in rows { byStart[row.start, default: []].append(row) }
            let storage = try await storageReadings(from: first, to: last + Self.intervalSeconds)
            let dayOutcome = try ledger.batch { [self, byStart, storage] batch in
                var dayOutcome = PriceTrueUpOutcome()
                for start in starts {
                    guard let official = hours[floorDivide(start, TimeGrid.hourSeconds) * TimeGrid.hourSeconds]
                    else { continue }
                    let existing = try batch.transactions(intervalStart: start)
                    guard let settlement = existing.first else { continue }
                    var prices = Settler<SQLiteLedgerBatch>.clearingInForce(existing).prices
                    guard prices.exportMilliWonPerKWh != official else {
                        try VillageStore.closeProvisionalPrice(
                            intervalStart: start, officialPriceMilliWonPerKWh: official, truedUpSequence: nil, batch.db)
                        dayOutcome.confirmed += 1
                        continue
                    }
                    prices.exportMilliWonPerKWh = official
                    // The orders of the settlement: the participants it cleared, as their meters
                    // read then, trading with neighbours unless their data were a long estimate.
                    let cleared = Set(settlement.meterReadings.map(\.participant))
                    var gridOnly = Self.readings(byStart[start] ?? [], households: households, settings: settings)
                        .gridOnly
                    if let reading = storage[start], !reading.tradesPeerToPeer { gridOnly.insert(.storage) }
                    let readings = settlement.meterReadings.filter { cleared.contains($0.participant) }
                    let clearing = try clear(
                        start, readings: readings, gridOnly: gridOnly, known: known,
                        mechanism: settlement.mechanism, prices: prices)
                    let result = try Settler(store: batch).trueUp(
                        intervalStart: start, prices: prices, matches: clearing.matches)
                    try VillageStore.closeProvisionalPrice(
                        intervalStart: start, officialPriceMilliWonPerKWh: official,
                        truedUpSequence: result.transaction?.sequence, batch.db)
                    if result.transaction != nil { dayOutcome.truedUp += 1 }
                }
                return dayOutcome
            }
            outcome.truedUp += dayOutcome.truedUp
            outcome.confirmed += dayOutcome.confirmed
        }
        try await store.markTrueUp(region: region, through: throughId)
        return outcome
    }
}
