import Foundation
import Tariffs
import VillageCore

extension SiteCalendar {
    /// An instant as a person reads it in the site's time zone, `2026-01-15 12:00`.
    package func localTimeText(_ instant: Int64) -> String {
        let local = instant + utcOffsetSeconds
        let secondsOfDay = local - date(of: instant).dayNumber * TimeGrid.daySeconds
        return "\(date(of: instant)) " + String(format: "%02d:%02d", secondsOfDay / 3600, secondsOfDay % 3600 / 60)
    }
}
