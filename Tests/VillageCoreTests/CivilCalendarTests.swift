import Testing
import VillageCore

struct CivilCalendarTests {
    @Test(arguments: [
        (Int64(1970), Int64(1), Int64(1), Int64(0)),
        (1969, 12, 31, -1),
        (2000, 2, 29, 11_016),
        (2024, 2, 29, 19_782),
        (1900, 3, 1, -25_508),
        (1, 1, 1, -719_162),
        (9999, 12, 31, 2_932_896),
    ])
    func knownDates(year: Int64, month: Int64, day: Int64, dayNumber: Int64) {
        #expect(CivilCalendar.dayNumber(year: year, month: month, day: day) == dayNumber)
        let date = CivilCalendar.date(dayNumber: dayNumber)
        #expect(date.year == year && date.month == month && date.day == day)
    }

    /// Walks day by day from 1600 (a leap century) past 2100 (not a leap year): every day number
    /// round-trips, and each next day is the next day of the month or the first of the next month.
    @Test func roundTripsAndAdvancesOneDayAtATime() {
        let first = CivilCalendar.dayNumber(year: 1600, month: 1, day: 1)
        let last = CivilCalendar.dayNumber(year: 2101, month: 1, day: 1)
        var previous = CivilCalendar.date(dayNumber: first - 1)
        #expect(previous == (1599, 12, 31))
        for dayNumber in first...last {
            let date = CivilCalendar.date(dayNumber: dayNumber)
            #expect(CivilCalendar.dayNumber(year: date.year, month: date.month, day: date.day) == dayNumber)
            let expected: (Int64, Int64, Int64) =
                if previous.day < CivilCalendar.daysInMonth(year: previous.year, month: previous.month) {
                    (previous.year, previous.month, previous.day + 1)
                } else if previous.month < 12 {
                    (previous.year, previous.month + 1, 1)
                } else {
                    (previous.year + 1, 1, 1)
                }
            guard date == expected else {
                Issue.record("day \(dayNumber) is \(date), expected \(expected)")
                return
            }
            previous = date
        }
    }

    @Test(arguments: [(Int64(1600), true), (1900, false), (2000, true), (2023, false), (2024, true), (2100, false)])
    func leapYears(year: Int64, isLeap: Bool) {
        #expect(CivilCalendar.isLeapYear(year) == isLeap)
        #expect(CivilCalendar.daysInMonth(year: year, month: 2) == (isLeap ? 29 : 28))
        let length =
            CivilCalendar.dayNumber(year: year + 1, month: 1, day: 1)
            - CivilCalendar.dayNumber(year: year, month: 1, day: 1)
        #expect(length == (isLeap ? 366 : 365))
    }

    @Test func weekdays() {
        #expect(CivilCalendar.weekday(dayNumber: 0) == 3)  // Thursday 1970-01-01
        #expect(CivilCalendar.weekday(dayNumber: -1) == 2)  // Wednesday 1969-12-31
        #expect(CivilCalendar.weekday(dayNumber: -4) == 6)  // Sunday 1969-12-28
        #expect(CivilCalendar.weekday(dayNumber: CivilCalendar.dayNumber(year: 2024, month: 2, day: 29)) == 3)
    }
}
