import Foundation
import VillageCore

/// Reads the instants people type and CSV files contain: `2024-08-01T14:30:00+09:00`,
/// `2024-08-01T14:30Z`, `2024-08-01 14:30` (local), `2024-08-01` or `2024-08` (local midnight),
/// or Unix seconds.
package enum InstantParser {
    /// UTC Unix seconds, or nil if `text` is none of the accepted forms.
    package static func parse(_ text: String, utcOffsetSeconds: Int64) -> Int64? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Int64(text) { return seconds }
        if let month = LocalMonth(iso: text) {
            return month.firstDay.dayNumber * TimeGrid.daySeconds - utcOffsetSeconds
        }
        if let day = LocalDate(iso: text) {
            return day.dayNumber * TimeGrid.daySeconds - utcOffsetSeconds
        }
        guard text.count >= 16 else { return nil }
        let dateText = String(text.prefix(10))
        let separator = text[text.index(text.startIndex, offsetBy: 10)]
        guard separator == "T" || separator == " ", let day = LocalDate(iso: dateText) else { return nil }
        var rest = Substring(text.dropFirst(11))
        var offset = utcOffsetSeconds
        if rest.hasSuffix("Z") {
            offset = 0
            rest = rest.dropLast()
        } else if rest.count >= 6, let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[signIndex...]
            let digits = zone.dropFirst().split(separator: ":")
            guard digits.count == 2, let hours = Int64(digits[0]), let minutes = Int64(digits[1]) else { return nil }
            offset = (hours * 3600 + minutes * 60) * (zone.first == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        }
        let clock = rest.split(separator: ":")
        guard clock.count == 2 || clock.count == 3, let hour = Int64(clock[0]), let minute = Int64(clock[1]),
            (0...24).contains(hour), (0...59).contains(minute)
        else { return nil }
        var second: Int64 = 0
        if clock.count == 3 {
            guard let parsed = Int64(clock[2]), (0...59).contains(parsed) else { return nil }
            second = parsed
        }
        return day.dayNumber * TimeGrid.daySeconds + hour * TimeGrid.hourSeconds + minute * 60 + second - offset
    }

    /// `2024-08-01T14:30:00+09:00` for an instant shown in a local time with the given offset.
    package static func format(_ instant: Int64, utcOffsetSeconds: Int64) -> String {
        let local = instant + utcOffsetSeconds
        let day = LocalDate(dayNumber: floorDivide(local, TimeGrid.daySeconds))
        let seconds = local - day.dayNumber * TimeGrid.daySeconds
        let offsetMinutes = abs(utcOffsetSeconds) / 60
        let sign = utcOffsetSeconds < 0 ? "-" : "+"
        return "\(day)T\(pad2(Int(seconds / 3600))):\(pad2(Int(seconds % 3600 / 60))):\(pad2(Int(seconds % 60)))"
            + "\(sign)\(pad2(Int(offsetMinutes / 60))):\(pad2(Int(offsetMinutes % 60)))"
    }
}
