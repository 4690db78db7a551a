import Foundation
import VillageCore

/// The site's wall clock: formats timestamps with the site's UTC offset and aligns local hours and days.
///
/// The village's zone (Asia/Seoul) has no daylight saving, so the offset is usually fixed for the
/// whole export and formatting needs no calendar lookups; a zone with transitions in the range
/// falls back to asking `TimeZone` per instant.
struct SiteClock: Sendable {
    let timeZone: TimeZone
    /// The offset when it does not change within the export range.
    private let fixedOffsetSeconds: Int64?

    init(timeZone: TimeZone, from: Int64, to: Int64) {
        self.timeZone = timeZone
        let start = Date(timeIntervalSince1970: TimeInterval(from))
        if let transition = timeZone.nextDaylightSavingTimeTransition(after: start),
            transition.timeIntervalSince1970 < TimeInterval(to)
        {
            fixedOffsetSeconds = nil
        } else {
            fixedOffsetSeconds = Int64(timeZone.secondsFromGMT(for: start))
        }
    }

    /// A clock for parsing `--from`/`--to` before the range is known: the offset at that wall time.
    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        fixedOffsetSeconds = nil
    }

    /// Seconds east of UTC at `utc`.
    @inline(__always)
    func offsetSeconds(at utc: Int64) -> Int64 {
        if let fixedOffsetSeconds { return fixedOffsetSeconds }
        return Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc))))
    }

    /// The UTC instant of a wall-clock time (seconds since 1970-01-01T00:00 local).
    func utc(fromWallSeconds wall: Int64) -> Int64 {
        let guess = wall - offsetSeconds(at: wall)
        return wall - offsetSeconds(at: guess)
    }

    /// The start of the local bucket (hour or day) that contains `utc`.
    @inline(__always)
    func bucketStart(containing utc: Int64, bucketSeconds: Int64) -> Int64 {
        let offset = offsetSeconds(at: utc)
        let wall = utc + offset
        let floored = wall - floorModulo(wall, bucketSeconds)
        return floored - offset
    }

    /// The first local midnight after `utc`.
    func nextMidnight(after utc: Int64) -> Int64 {
        bucketStart(containing: utc, bucketSeconds: TimeGrid.daySeconds) + TimeGrid.daySeconds
    }

    /// Appends `utc` as ISO 8601 with the site's offset, e.g. `2026-11-30T09:15:00+09:00`.
    func appendTimestamp(_ utc: Int64, to buffer: ByteBuffer) {
        let offset = offsetSeconds(at: utc)
        let wall = utc + offset
        let days = floorDivide(wall, TimeGrid.daySeconds)
        let secondOfDay = wall - days * TimeGrid.daySeconds
        let (year, month, day) = CivilCalendar.date(dayNumber: days)
        buffer.ensureCapacity(25)
        buffer.appendDigits(year, width: 4)
        buffer.appendUnchecked(0x2D)
        buffer.appendDigits(month, width: 2)
        buffer.appendUnchecked(0x2D)
        buffer.appendDigits(day, width: 2)
        buffer.appendUnchecked(0x54)
        buffer.appendDigits(secondOfDay / 3_600, width: 2)
        buffer.appendUnchecked(0x3A)
        buffer.appendDigits(secondOfDay / 60 % 60, width: 2)
        buffer.appendUnchecked(0x3A)
        buffer.appendDigits(secondOfDay % 60, width: 2)
        if offset == 0 {
            buffer.appendUnchecked(0x5A)
            return
        }
        let magnitude = abs(offset)
        buffer.appendUnchecked(offset < 0 ? 0x2D : 0x2B)
        buffer.appendDigits(magnitude / 3_600, width: 2)
        buffer.appendUnchecked(0x3A)
        buffer.appendDigits(magnitude / 60 % 60, width: 2)
    }

    /// `utc` as ISO 8601 with the site's offset.
    func timestamp(_ utc: Int64) -> String {
        let buffer = ByteBuffer()
        appendTimestamp(utc, to: buffer)
        return buffer.string
    }

    /// `utc` as ISO 8601 in UTC (`Z`), the form NGSI-LD brokers index `observedAt` by.
    static func utcTimestamp(_ utc: Int64) -> String {
        SiteClock(timeZone: TimeZone(identifier: "UTC") ?? .gmt, from: utc, to: utc + 1).timestamp(utc)
    }
}
