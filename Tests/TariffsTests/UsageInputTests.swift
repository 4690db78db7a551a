import Foundation
import TestKit
import Testing

@testable import Tariffs

/// Usage files an audit found hard to swallow: absurd quantities, rows billed twice, rows off the
/// interval grid. Each is refused naming the file, the line and the field, never a trap.
@Suite struct UsageInputTests {
    /// A flat 1,000 ₩/kWh tariff, no taxes: a row of 10¹² Wh costs 10¹⁸ micro-won exactly.
    static let flat = """
        title: flat
        versions:
          - from: 2024-01-01
            energy_rates:
              default: {default: 1000}
        """

    func rejection(_ text: String, utcOffsetSeconds: Int64 = 32_400) -> TariffError? {
        do {
            _ = try UsageCSV.parse(text, file: "usage.csv", utcOffsetSeconds: utcOffsetSeconds)
            return nil
        } catch {
            return error
        }
    }

    func writeUsage(_ text: String) throws -> String {
        let path = try TestFiles.temporaryDirectory().appendingPathComponent("usage.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: ["9223372036854775807", "99999999999999999999", "1000000000001"])
    func anImportBeyondTheBoundIsRefusedNamingFileLineAndField(value: String) throws {
        let error = try #require(
            rejection("start,import_wh,export_wh\n2024-08-01T00:00,100,0\n2024-08-01T00:15,\(value),0\n"))
        #expect(error.code == .invalidUsage)
        #expect(error.file == "usage.csv")
        #expect(error.line == 3)
        #expect(error.keyPath == "import_wh")
        #expect(error.message.contains("more than a row may hold"))
    }

    @Test func anExportBeyondTheBoundIsRefused() throws {
        let error = try #require(rejection("start,import_wh,export_wh\n2024-08-01T00:00,0,9223372036854775807\n"))
        #expect(error.line == 2)
        #expect(error.keyPath == "export_wh")
    }

    @Test func theBoundItselfIsAccepted() throws {
        let rows = try UsageCSV.parse("start,import_wh\n2024-08-01T00:00,\(UsageCSV.maximumWhPerRow)\n", file: "u.csv")
        #expect(rows.map(\.importWh) == [UsageCSV.maximumWhPerRow])
    }

    @Test func aRowThatBringsTheMonthOutOfRangeIsNamedByItsLine() throws {
        let tariff = try Tariff.parse(
            yaml: Self.flat, name: "flat", file: "flat.yaml", directory: shippedTariffsDirectory)
        // Each row costs 10¹⁸ micro-won: nine fit 64 bits, the tenth does not.
        var text = "start,import_wh\n"
        for hour in 0..<12 { text += "2024-08-01T\(hour < 10 ? "0" : "")\(hour):00,\(UsageCSV.maximumWhPerRow)\n" }
        let path = try writeUsage(text)
        let error = #expect(throws: TariffError.self) { try tariff.bills(usageFile: path) }
        #expect(error?.code == .outOfRange)
        #expect(error?.file == "usage.csv")
        #expect(error?.line == 11)
        #expect(error?.keyPath == "import_wh")
        #expect(error?.instant == seoul(2024, 8, 1, 9))

        // Nine rows are billed exactly.
        let nine = try tariff.bills(
            usageFile: try writeUsage(text.split(separator: "\n").prefix(10).joined(separator: "\n")))
        #expect(nine.map(\.totalMilli) == [9_000_000_000_000_000])
    }

    @Test func aContractDemandBeyondAnyBillIsAnErrorNotATrap() throws {
        let tariff = try shippedTariff("kepco-industrial-eul-high-voltage-a-option-1")
        let month = LocalMonth(year: 2024, month: 6)!
        let error = #expect(throws: TariffError.self) {
            try tariff.bill(
                month: month, usage: [UsageInterval(start: seoul(2024, 6, 3, 10), importWh: 1_000)], contractKW: .max)
        }
        #expect(error?.code == .outOfRange)
        #expect(error?.keyPath == "base_charge.per_kw")
    }

    @Test func aDuplicateRowIsRefusedNamingBothLines() throws {
        let error = try #require(
            rejection("start,import_wh\n2024-08-01T00:00,100\n2024-08-01T00:15,100\n2024-08-01T00:15,100\n"))
        #expect(error.code == .invalidUsage)
        #expect(error.line == 4)
        #expect(error.keyPath == "start")
        #expect(error.message.contains("line 3"))
    }

    @Test func theSameIntervalWrittenInAnotherZoneIsADuplicate() throws {
        // 00:15 in Seoul is 15:15 UTC the day before.
        let error = try #require(rejection("start,import_wh\n2024-08-01T00:15,100\n2024-07-31T15:15Z,100\n"))
        #expect(error.line == 3)
        #expect(error.message.contains("line 2"))
    }

    @Test(arguments: ["2024-08-01T00:07", "2024-08-01T00:15:30", "2024-08-01T00:20+09:00"])
    func aRowOffTheQuarterHourGridIsRefused(start: String) throws {
        let error = try #require(rejection("start,import_wh\n2024-08-01T00:00,100\n\(start),100\n"))
        #expect(error.code == .invalidUsage)
        #expect(error.file == "usage.csv")
        #expect(error.line == 3)
        #expect(error.keyPath == "start")
        #expect(error.message.contains("15-minute boundary"))
    }

    @Test func unixSecondsAreCheckedAgainstTheLocalGrid() throws {
        // 2024-07-31T15:30:00Z is 00:30 in Seoul: on the grid.
        #expect(try UsageCSV.parse("start,import_wh\n1722439800,1\n", file: "u.csv").map(\.start) == [1_722_439_800])
        // Seven minutes later is not.
        #expect(rejection("start,import_wh\n1722440220,1\n")?.keyPath == "start")
    }

    @Test func hourlyAndDailyRowsOnTheGridAreStillAccepted() throws {
        let hourly = try UsageCSV.parse(
            "start,import_wh\n2024-08-01T00:00,1000\n2024-08-01T01:00,2000\n2024-08-01T03:00+09:00,500\n2024-08-02,700\n",
            file: "u.csv")
        #expect(
            hourly.map(\.start) == [seoul(2024, 8, 1), seoul(2024, 8, 1, 1), seoul(2024, 8, 1, 3), seoul(2024, 8, 2)])
        let bill = try shippedTariff("kepco-residential-low-voltage").bill(
            month: LocalMonth(year: 2024, month: 8)!, usage: hourly)
        #expect(bill.importWh == 4_200)
    }

    @Test func aStartOutsideTheCalendarIsRefused() throws {
        let error = try #require(rejection("start,import_wh\n9223372036854775000,1\n"))
        #expect(error.line == 2)
        #expect(error.keyPath == "start")
        #expect(error.message.contains("0001 to 9999"))
    }

    @Test func anIntervalWithoutSupplyIsNamedByItsLine() throws {
        // Late-night power supplies nothing at noon; the bill's error is traced back to the row.
        let tariff = try shippedTariff("kepco-late-night-gap")
        let path = try writeUsage("start,import_wh\n2024-08-01T00:00,100\n2024-08-01T12:00,100\n")
        let error = #expect(throws: TariffError.self) { try tariff.bills(usageFile: path) }
        #expect(error?.file == "usage.csv")
        #expect(error?.line == 3)
        #expect(error?.keyPath == "import_wh")
    }
}
