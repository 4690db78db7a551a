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

    /// The battery's meter reading when the shared PV charged it: the shared PV that went into
    /// the battery (at most its charge) is the storage's own production, like a home's roof PV
    /// used behind its meter, so only the rest of the charge is bought from neighbours or the grid.
    static func storageReading(chargedWh: Int64, dischargedWh: Int64, sharedPVWh: Int64) -> MeterReading {
        MeterReading(
            participant: .storage, producedWh: dischargedWh + min(chargedWh, max(sharedPVWh, 0)), consumedWh: chargedWh)
    }
}
