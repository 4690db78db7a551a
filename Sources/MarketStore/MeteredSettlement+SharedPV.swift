import Market
import VillageStore

extension MeteredSettlement {
    /// The shared PV arrays' generation in one interval, as the battery's reading uses it.
    struct SharedPVInterval: Sendable {
        var energyWh: Int64 = 0
        /// False when an array's interval is missing or cannot be right: the battery waits.
        var usable = true
        /// False when an array's interval was estimated across a long outage.
        var tradesPeerToPeer = true
    }

    /// The shared PV arrays' `pv.generation` by interval start over [from, to), summed over the
    /// arrays. An array without an interval adds nothing (as a home without an inverter row); a
    /// `missing` or negative interval makes the battery wait for better data, like a home's.
    func sharedPVIntervals(from: Int64, to: Int64) async throws -> [Int64: SharedPVInterval] {
        var result: [Int64: SharedPVInterval] = [:]
        for device in settings.storage?.sharedPVDevices ?? [] {
            for row in try await store.intervals(owner: .plant(device), channel: .pvGeneration, from: from, to: to) {
                var entry = result[row.start, default: SharedPVInterval()]
                if row.quality.rank > 0, row.value >= 0 {
                    entry.energyWh += row.value
                } else {
                    entry.usable = false
                }
                if !settings.tradesPeerToPeer(row.quality) { entry.tradesPeerToPeer = false }
                result[row.start] = entry
            }
        }
        return result
    }

    /// Puts `reading` in place of the storage's reading in `readings`.
    static func replaceStorageReading(in readings: inout [MeterReading], with reading: MeterReading) {
        if let index = readings.firstIndex(where: { $0.participant == .storage }) { readings[index] = reading }
    }
}

extension MeteredSettlement.StorageReading {
    /// The battery's reading as the ledger settles it: of its net charge, what the homes sold it
    /// (`matches` with the storage as buyer) is theirs, the shared PV meets what is left up to its
    /// generation, and only the rest is grid import. The shared PV's part counts as the storage's
    /// own production, behind the plant's meter like a home's roof behind its own, so it is never
    /// bought and never booked as grid energy.
    func chargedFromSharedPV(matches: [Match]) -> MeterReading {
        let bought = matches.reduce(0) { $0 + ($1.buyer == .storage ? $1.energyWh : 0) }
        let unmet = max(0, reading.consumedWh - reading.producedWh - bought)
        var settled = reading
        settled.producedWh += min(unmet, max(0, sharedPVWh))
        return settled
    }
}
