import Tariffs
import VillageCore

/// Local months of the site: settlement intervals and bills follow Asia/Seoul (UTC+9, no
/// daylight saving), while the store keeps UTC seconds.
public struct SiteCalendar: Sendable, Hashable {
    public var utcOffsetSeconds: Int64

    public init(utcOffsetSeconds: Int64 = 9 * 3600) {
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The local month an instant falls in.
    public func month(of instant: Int64) -> LocalMonth {
        let (year, month, _) = date(of: instant).components
        guard let localMonth = LocalMonth(year: year, month: month) else {
            preconditionFailure("a day number always has a valid month, got \(year)-\(month)")
        }
        return localMonth
    }

    public func date(of instant: Int64) -> LocalDate {
        LocalDate(dayNumber: floorDivide(instant + utcOffsetSeconds, TimeGrid.daySeconds))
    }

    /// The first instant of a local day, in UTC seconds.
    public func start(of date: LocalDate) -> Int64 {
        date.dayNumber * TimeGrid.daySeconds - utcOffsetSeconds
    }

    /// [start, end) of a local month in UTC seconds.
    public func range(of month: LocalMonth) -> Range<Int64> {
        start(of: month.firstDay)..<start(of: month.next.firstDay)
    }
}
