/// One day of intervals, as read series by series, to be written in time order.
struct DayBuffer {
    struct Entry {
        var start: Int64
        var value: Int64
        var gap: Int64
        var series: Int32
        var rank: Int32
    }

    private(set) var rows: [Entry] = []

    mutating func removeAll() { rows.removeAll(keepingCapacity: true) }

    mutating func append(start: Int64, series: Int32, value: Int64, rank: Int32, gap: Int64) {
        rows.append(Entry(start: start, value: value, gap: gap, series: series, rank: rank))
    }

    /// Positions of the rows by (start, series): series were read in key order, so this is the
    /// order of `ORDER BY start, owner_kind, owner_id, channel`.
    func timeOrder() -> [Int] {
        rows.indices.sorted { a, b in
            rows[a].start != rows[b].start ? rows[a].start < rows[b].start : rows[a].series < rows[b].series
        }
    }
}
