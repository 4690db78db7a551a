/// Settings that every source reads, resolved from the request once the database is open.
import VillageCore

struct ExportSettings {
    /// Half-open range of UTC Unix seconds.
    let from: Int64
    let to: Int64
    let resolution: ExportResolution
    /// Households to export, or nil for every household and the plant.
    let households: Set<String>?
    let identifiers: IdentifierPolicy
    let minimumGroupSize: Int?
    let clock: SiteClock
    let intervalSeconds: Int64 = TimeGrid.quarterHourSeconds

    /// Whether rows of `householdId` (nil: plant) are exported.
    func includes(householdId: String?) -> Bool {
        guard let households else { return true }
        guard let householdId else { return false }
        return households.contains(householdId)
    }

    /// Local-day windows `[start, end)` covering the range: each is one read transaction, so a long
    /// export never holds one snapshot (and the WAL) open for its whole duration.
    var dayWindows: [(start: Int64, end: Int64)] {
        var windows: [(Int64, Int64)] = []
        var start = from
        while start < to {
            let end = min(clock.nextMidnight(after: start), to)
            windows.append((start, end))
            start = end
        }
        return windows
    }
}
