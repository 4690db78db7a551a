extension Tariff {
    /// The export price of the newest series row that starts before `instant` (its last published
    /// price), or the version's fixed export price: what a provisional export price falls back to
    /// once the series has run out. Nil when the tariff prices exports otherwise or not at all.
    package func latestExportPrice(before instant: Int64) -> Int64? {
        for version in versions.reversed() {
            switch version.export {
            case .series(let series):
                guard let index = series.starts.lastIndex(where: { $0 < instant }) else { continue }
                return series.prices[index]
            case .fixed(let price): return price
            case .none, .rates, .netMetering: return nil
            }
        }
        return nil
    }
}
