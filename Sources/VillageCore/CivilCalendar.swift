/// The proleptic Gregorian calendar on day numbers (days since 1970-01-01), in integer arithmetic
/// (H. Hinnant's `days_from_civil` and `civil_from_days`).
///
/// Exporters format a timestamp for every row and tariffs evaluate every local hour of a year of
/// bills, so this avoids `Calendar` and `DateComponents`; the site's time has no daylight saving,
/// so a local day is always a whole day number.
package enum CivilCalendar {
    /// The day number of a calendar date; `month` is 1–12 and `day` 1–31 (not checked, see
    /// `daysInMonth`).
    @inlinable
    package static func dayNumber(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of a day number: month 1–12, day 1–31.
    @inlinable
    package static func date(dayNumber: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = dayNumber + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    @inlinable
    package static func weekday(dayNumber: Int64) -> Int64 {
        floorModulo(dayNumber + 3, 7)
    }

    @inlinable
    package static func isLeapYear(_ year: Int64) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// 28–31 for `month` 1–12.
    @inlinable
    package static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
