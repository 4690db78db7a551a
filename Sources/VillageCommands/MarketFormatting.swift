import ArgumentParser
import Foundation
import Market
import MarketStore
import Tariffs
import VillageCore

/// How the market commands show energy and money to a household: kWh to one decimal, whole won
/// with thousands separators, columns aligned.
enum MarketFormatting {
    /// `1,234.5` from Wh (half away from zero).
    static func kWh(_ wh: Int64) -> String {
        let tenths = (wh.magnitude + 50) / 100
        let sign = wh < 0 && tenths > 0 ? "-" : ""
        return sign + TariffFormatting.grouped(String(tenths / 10)) + "." + String(tenths % 10)
    }

    /// A trade's energy in kWh: one decimal, or three (exact to the Wh) where one decimal would
    /// read `0.0` for energy that did change hands, so no trade looks like nothing.
    static func tradeKWh(_ wh: Int64) -> String {
        guard wh != 0, wh.magnitude < 50 else { return kWh(wh) }
        let thousandths = String(wh.magnitude)
        return (wh < 0 ? "-" : "") + "0." + String(repeating: "0", count: 3 - thousandths.count) + thousandths
    }

    /// `₩1,530` from milli-won (half away from zero).
    static func won(_ milli: Int64) -> String {
        let whole = (milli.magnitude + 500) / 1000
        let sign = milli < 0 && whole > 0 ? "-" : ""
        return sign + "₩" + TariffFormatting.grouped(String(whole))
    }

    /// `123.4` won per kWh from milli-won per kWh.
    static func pricePerKWh(_ milli: Int64) -> String {
        let tenths = (milli.magnitude + 50) / 100
        return (milli < 0 ? "-" : "") + TariffFormatting.grouped(String(tenths / 10)) + "." + String(tenths % 10)
    }

    /// Left-aligned first column, right-aligned numbers, two spaces between columns.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], TariffFormatting.displayWidth(cell))
            }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - TariffFormatting.displayWidth(cell))
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Local time of an interval start, `2026-01-15 12:00`.
    static func localTime(_ instant: Int64, calendar: SiteCalendar = SiteCalendar()) -> String {
        calendar.localTimeText(instant)
    }

    static func printJSON<T: Encodable>(_ value: T) throws { try TariffFormatting.printJSON(value) }
}
