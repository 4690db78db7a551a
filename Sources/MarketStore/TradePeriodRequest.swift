import Market
import Tariffs

/// Which trades to list: one 15-minute interval, one local day or a period, as `village trades`
/// takes them and the trades route of the server does, so both read a request the same way.
package struct TradePeriodRequest: Sendable, Equatable {
    /// The start of one interval, local date and time (`2026-01-15T12:00`) or Unix seconds.
    package var interval: String?
    /// One local day, `YYYY-MM-DD`.
    package var day: String?
    /// Intervals starting at or after this local date or time; nil: from the first.
    package var from: String?
    /// Intervals starting before this local date or time (exclusive); nil: up to the last.
    package var to: String?

    package init(interval: String? = nil, day: String? = nil, from: String? = nil, to: String? = nil) {
        self.interval = interval
        self.day = day
        self.from = from
        self.to = to
    }

    /// A request that cannot be read, naming the field (`interval`, `day`, `from` or `to`).
    package struct Invalid: Error, Equatable {
        package var field: String
        package var message: String
    }

    /// The period asked for as [start, end) in UTC seconds, open ends as `Int64.min`/`.max`; nil
    /// when nothing was asked (the caller lists the day of the newest trade).
    package func range(calendar: SiteCalendar = SiteCalendar()) throws(Invalid) -> Range<Int64>? {
        let given = [("interval", interval), ("day", day), ("from", from ?? to)].filter { $0.1 != nil }.map(\.0)
        if given.count > 1 {
            throw Invalid(
                field: given[1],
                message: "give one of interval, day or from/to, not \(given.joined(separator: " and "))")
        }
        if from != nil || to != nil {
            func instant(_ text: String?, _ name: String, default value: Int64) throws(Invalid) -> Int64 {
                guard let text else { return value }
                guard let parsed = InstantParser.parse(text, utcOffsetSeconds: calendar.utcOffsetSeconds) else {
                    throw Invalid(
                        field: name,
                        message: "cannot read '\(text)' as a local date or time (e.g. 2026-01-15 or 2026-01-15T12:00)")
                }
                return parsed
            }
            let start = try instant(from, "from", default: .min)
            let end = try instant(to, "to", default: .max)
            guard start < end else { throw Invalid(field: "from", message: "must be before to (to is exclusive)") }
            return start..<end
        }
        if let interval {
            guard let start = InstantParser.parse(interval, utcOffsetSeconds: calendar.utcOffsetSeconds),
                start % MeteredSettlement.intervalSeconds == 0
            else {
                throw Invalid(
                    field: "interval",
                    message: "'\(interval)' is not the start of a 15-minute interval (e.g. 2026-01-15T12:00)")
            }
            return start..<(start + MeteredSettlement.intervalSeconds)
        }
        if let day {
            guard let date = LocalDate(iso: day), date.description == day else {
                throw Invalid(field: "day", message: "'\(day)' is not a date as YYYY-MM-DD")
            }
            return calendar.start(of: date)..<calendar.start(of: LocalDate(dayNumber: date.dayNumber + 1))
        }
        return nil
    }
}
