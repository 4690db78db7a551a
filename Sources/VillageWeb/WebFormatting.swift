import Foundation
import MarketStore
import Tariffs
import VillageCore

/// Figures as the `village` commands print them (kWh to one decimal, whole won grouped by
/// thousands, prices to a tenth of a won), so a page and the command line show the same text.
package enum WebFormatting {
    /// `1,234.5` from Wh (half away from zero).
    package static func kWh(_ wh: Int64) -> String {
        let tenths = (wh.magnitude + 50) / 100
        let sign = wh < 0 && tenths > 0 ? "-" : ""
        return sign + grouped(tenths / 10) + "." + String(tenths % 10)
    }

    /// A trade's energy: one decimal, or three where one decimal would read `0.0` for energy that
    /// did change hands.
    package static func tradeKWh(_ wh: Int64) -> String {
        guard wh != 0, wh.magnitude < 50 else { return kWh(wh) }
        let thousandths = String(wh.magnitude)
        return (wh < 0 ? "-" : "") + "0." + String(repeating: "0", count: 3 - thousandths.count) + thousandths
    }

    /// `₩1,530` from milli-won (half away from zero).
    package static func won(_ milli: Int64) -> String {
        let whole = (milli.magnitude + 500) / 1000
        let sign = milli < 0 && whole > 0 ? "-" : ""
        return sign + "₩" + grouped(whole)
    }

    /// `123.4` won per kWh from milli-won per kWh.
    package static func pricePerKWh(_ milli: Int64) -> String {
        let tenths = (milli.magnitude + 50) / 100
        return (milli < 0 ? "-" : "") + grouped(tenths / 10) + "." + String(tenths % 10)
    }

    /// `1,234,567`.
    package static func grouped(_ value: UInt64) -> String {
        var digits = String(value)
        var result = ""
        while digits.count > 3 {
            result = "," + digits.suffix(3) + result
            digits = String(digits.dropLast(3))
        }
        return digits + result
    }

    /// Local time of an instant, `2026-01-15 12:00`.
    package static func localTime(_ instant: Int64, calendar: SiteCalendar = SiteCalendar()) -> String {
        let date = calendar.date(of: instant)
        return "\(date) " + clock(instant, calendar: calendar)
    }

    /// Local clock time of an instant, `12:00`.
    package static func clock(_ instant: Int64, calendar: SiteCalendar = SiteCalendar()) -> String {
        let local = instant + calendar.utcOffsetSeconds
        let secondsOfDay = local - calendar.date(of: instant).dayNumber * TimeGrid.daySeconds
        return String(format: "%02d:%02d", secondsOfDay / 3600, secondsOfDay % 3600 / 60)
    }

    /// `87 %` from a fraction.
    package static func percent(_ fraction: Double) -> String {
        "\(Int((fraction * 100).rounded())) %"
    }
}
