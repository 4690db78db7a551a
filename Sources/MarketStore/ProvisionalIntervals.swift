import Tariffs
import VillageStore

/// The intervals still settled at a provisional export price, per local month, for the commands
/// that show ledger figures (the `village` commands and the server): those figures change when the
/// official SMP is imported.
package struct ProvisionalIntervals: Sendable {
    /// Open provisional intervals per `YYYY-MM`.
    package var byMonth: [String: Int] = [:]
    /// The rules that chose their prices, for the explanation line.
    package var rules: Set<ProvisionalPrice.Rule> = []

    /// The provisional intervals of one local month (nil: of every month), read from the database.
    package init(databasePath: String, month: LocalMonth?, calendar: SiteCalendar = SiteCalendar()) throws {
        let range = Self.range(of: month, calendar: calendar)
        self.init(
            try VillageStore.provisionalPrices(path: databasePath, from: range.lowerBound, to: range.upperBound),
            calendar: calendar)
    }

    /// The instants whose provisional prices a report of `month` needs: the month's only, so that a
    /// month's figures and note read (and name the rules of) that month and nothing else.
    package static func range(of month: LocalMonth?, calendar: SiteCalendar = SiteCalendar()) -> Range<Int64> {
        month.map { calendar.range(of: $0) } ?? Int64.min..<Int64.max
    }

    package init(_ prices: [ProvisionalPrice], calendar: SiteCalendar = SiteCalendar()) {
        for price in prices where price.isOpen {
            byMonth[calendar.month(of: price.intervalStart).description, default: 0] += 1
            rules.insert(price.rule)
        }
    }

    package func count(month: String?) -> Int {
        guard let month else { return byMonth.values.reduce(0, +) }
        return byMonth[month] ?? 0
    }

    /// What a reader needs to know about the provisional figures, or nil when there are none.
    package func note(month: String?) -> String? {
        let count = count(month: month)
        guard count > 0 else { return nil }
        let how = rules.sorted { $0.rawValue < $1.rawValue }.map {
            switch $0 {
            case .sameHourLastPublished: "the last SMP published for the same hour of day"
            case .tariffLastPrice: "the export tariff's last price"
            }
        }.joined(separator: " or ")
        return "Provisional: \(count) quarter hours\(month.map { " of \($0)" } ?? "") were settled at a provisional "
            + "export price (\(how)); figures marked * change when the official SMP is imported "
            + "(`village prices import-smp`)."
    }
}
