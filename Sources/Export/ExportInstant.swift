import VillageCore

/// A `--from`/`--to` value: either an absolute instant or a local date-time of the site.
///
/// A plain date (`2026-11-30`) or a date-time without offset (`2026-11-30T06:00`) is read in the
/// site's time zone, which is known only once the database is open; an offset (`+09:00`, `Z`)
/// makes it absolute.
public enum ExportInstant: Sendable, Hashable {
    /// UTC Unix seconds.
    case absolute(Int64)
    /// Seconds since 1970-01-01T00:00 on the site's wall clock (days × `TimeGrid.daySeconds` + time of day).
    case local(Int64)

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss]` and the same with `Z` or `±hh:mm`.
    public init(argument: String, name: String) throws(ExportError) {
        let invalid = ExportError(
            .invalidArgument, name,
            "\"\(argument)\" is not a date; expected YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss] (site time) or with an offset like +09:00 or Z"
        )
        let bytes = Array(argument.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for index in range {
                let digit = bytes[index]
                guard digit >= 0x30 && digit <= 0x39 else { return nil }
                value = value * 10 + Int64(digit - 0x30)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month)
        else { throw invalid }
        var seconds = CivilCalendar.dayNumber(year: year, month: month, day: day) * TimeGrid.daySeconds
        var index = 10
        if index < bytes.count {
            guard bytes[index] == 0x54 || bytes[index] == 0x20,  // "T" or " "
                let hour = number(11..<13), bytes.count > 13, bytes[13] == 0x3A, let minute = number(14..<16),
                hour < 24, minute < 60
            else { throw invalid }
            seconds += hour * TimeGrid.hourSeconds + minute * 60
            index = 16
            if index < bytes.count, bytes[index] == 0x3A {
                guard let second = number(17..<19), second < 60 else { throw invalid }
                seconds += second
                index = 19
            }
        }
        if index == bytes.count {
            self = .local(seconds)
            return
        }
        if bytes[index] == 0x5A, index + 1 == bytes.count {  // "Z"
            self = .absolute(seconds)
            return
        }
        guard bytes[index] == 0x2B || bytes[index] == 0x2D, bytes.count == index + 6, bytes[index + 3] == 0x3A,
            let offsetHours = number((index + 1)..<(index + 3)), let offsetMinutes = number((index + 4)..<(index + 6)),
            offsetHours <= 18, offsetMinutes < 60
        else { throw invalid }
        let offset = (offsetHours * 3_600 + offsetMinutes * 60) * (bytes[index] == 0x2B ? 1 : -1)
        self = .absolute(seconds - offset)
    }

    /// The instant in UTC Unix seconds, reading a local value on `clock`.
    func resolved(on clock: SiteClock) -> Int64 {
        switch self {
        case .absolute(let seconds): seconds
        case .local(let wallSeconds): clock.utc(fromWallSeconds: wallSeconds)
        }
    }
}
