import Foundation
import Testing
import VillageStore

@testable import PriceFeed

/// The exchange's day-per-row file: which hour each column is, and refusals that name the place.
@Suite struct SMPFileTests {
    /// 2026-11-03 00:00 Korea time.
    static let midnight: Int64 = 1_793_631_600

    static func row(_ date: String, _ prices: [String]) -> String { ([date] + prices).joined(separator: ",") }
    static let hoursEnding = (1...24).map { "\($0)h" }
    static let prices = (1...24).map { String(format: "%.2f", 100.0 + Double($0) + 0.25) }

    @Test func hourColumnsLabelledByTheirEndStartAnHourEarlier() throws {
        let text =
            Self.row("기간", Self.hoursEnding + ["최대", "최소", "가중평균"]) + "\n"
            + Self.row("2026.11.03(화)", Self.prices + ["125.25", "101.25", "112.00"]) + "\n"
        let parsed = try SMPFile.parse(text, file: "smp.csv")
        #expect(parsed.count == 24)
        #expect(parsed[0].hourStart == Self.midnight)
        #expect(parsed[0].priceMilliWonPerKWh == 101_250)
        #expect(parsed[23].hourStart == Self.midnight + 23 * 3600)
        #expect(parsed[23].priceMilliWonPerKWh == 124_250)
        #expect(parsed.allSatisfy { $0.line == 2 })
    }

    @Test func hourColumnsLabelledByTheirStart() throws {
        let text = Self.row("tradeDay", (0...23).map(String.init)) + "\n" + Self.row("20261103", Self.prices)
        let parsed = try SMPFile.parse(text, file: "smp.csv")
        #expect(parsed.first?.hourStart == Self.midnight)
        #expect(parsed.first?.priceMilliWonPerKWh == 101_250)
        #expect(parsed.last?.hourStart == Self.midnight + 23 * 3600)
    }

    @Test func theUTF8ByteOrderMarkAndCRLFAreRead() throws {
        let text =
            "\u{FEFF}" + Self.row("date", Self.hoursEnding) + "\r\n" + Self.row("2026-11-03", Self.prices) + "\r\n"
        #expect(try SMPFile.parse(text, file: "smp.csv").count == 24)
    }

    @Test(arguments: [
        // (cell to break: column index 0 = date, or an hour; replacement; expected column; message part)
        (0, "2026-02-30", "date", "not a date"),
        (13, "12,5", "13h", "columns"),
        (13, "-3.5", "13h", "not a price"),
        (13, "", "13h", "no price"),
        (24, "98.1234", "24h", "not a price"),
    ])
    func aBadCellNamesFileLineAndColumn(cell: Int, value: String, column: String, message: String) throws {
        var fields = Self.prices
        var date = "2026-11-04"
        if cell == 0 { date = value } else { fields[cell - 1] = value }
        let text =
            Self.row("date", Self.hoursEnding) + "\n" + Self.row("2026-11-03", Self.prices) + "\n"
            + Self.row(date, fields) + "\n"
        let error = #expect(throws: SMPFileError.self) { try SMPFile.parse(text, file: "smp-nov.csv") }
        #expect(error?.file == "smp-nov.csv")
        #expect(error?.line == 3)
        if message != "columns" { #expect(error?.column == column) }
        #expect(error?.description.contains(message) == true)
    }

    @Test func aDayTwiceIsRefusedNamingTheFirst() throws {
        let text =
            Self.row("date", Self.hoursEnding) + "\n" + Self.row("2026-11-03", Self.prices) + "\n\n"
            + Self.row("2026.11.03", Self.prices)
        let error = #expect(throws: SMPFileError.self) { try SMPFile.parse(text, file: "smp.csv") }
        #expect(error?.line == 4)
        #expect(error?.description.contains("line 2") == true)
    }

    @Test func aHeaderWithoutEveryHourIsRefused() throws {
        let text =
            Self.row("date", Array(Self.hoursEnding.dropLast())) + "\n"
            + Self.row("2026-11-03", Array(Self.prices.dropLast()))
        let error = #expect(throws: SMPFileError.self) { try SMPFile.parse(text, file: "smp.csv") }
        #expect(error?.line == 1)
        let unknown = Self.row("date", Self.hoursEnding + ["remarks"]) + "\n"
        let second = #expect(throws: SMPFileError.self) { try SMPFile.parse(unknown, file: "smp.csv") }
        #expect(second?.column == "remarks")
    }
}
