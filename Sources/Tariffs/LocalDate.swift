import VillageCore

/// A calendar day in the tariff's local time, as a day number since 1970-01-01.
///
/// Periods are evaluated per local hour millions of times for a year of bills, so the calendar
/// arithmetic is done on integers (civil-from-days) instead of going through `Calendar`.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 in local time.
    public var dayNumber: Int64

    public init(dayNumber: Int64) { self.dayNumber = dayNumber }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(year: year, month: month) else { return nil }
        dayNumber = CivilCalendar.dayNumber(year: Int64(year), month: Int64(month), day: Int64(day))
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Year, month (1–12) and day (1–31).
    public var components: (year: Int, month: Int, day: Int) {
        let (year, month, day) = CivilCalendar.date(dayNumber: dayNumber)
        return (Int(year), Int(month), Int(day))
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int {
        Int(CivilCalendar.weekday(dayNumber: dayNumber))
    }

    public var description: String {
        let c = components
        return format4(c.year) + "-" + pad2(c.month) + "-" + pad2(c.day)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    static func daysIn(year: Int, month: Int) -> Int {
        Int(CivilCalendar.daysInMonth(year: Int64(year), month: Int64(month)))
    }
}

/// Two-digit zero-padded text for months, days, hours and minutes.
func pad2(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }

/// Four-digit zero-padded year.
func format4(_ value: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, 4 - text.count)) + text
}
