import TestKit
import Testing

@testable import Tariffs

/// The integer calendar, instant parsing, exact decimals and rounding the engine rests on.
@Suite struct CalendarAndParsingTests {
    @Test func localDateRoundTripsOverFourCenturies() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<5_000 {
            let dayNumber = Int64.random(in: -200_000...200_000, using: &generator)
            let date = LocalDate(dayNumber: dayNumber)
            let (year, month, day) = date.components
            #expect(LocalDate(year: year, month: month, day: day)?.dayNumber == dayNumber)
            #expect(LocalDate(iso: date.description)?.dayNumber == dayNumber || year < 0)
        }
    }

    @Test func knownDates() {
        #expect(LocalDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(LocalDate(year: 2024, month: 2, day: 29)?.dayNumber == 19_782)
        #expect(LocalDate(year: 2023, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2024, month: 8, day: 12)?.weekday == 0)  // a Monday
        #expect(LocalDate(year: 2024, month: 6, day: 1)?.weekday == 5)  // a Saturday
    }

    @Test func instantsInEveryAcceptedForm() {
        let offset: Int64 = 32_400
        // 2024-08-12T05:00:00Z = 1,723,438,800.
        #expect(InstantParser.parse("2024-08-12T14:00:00+09:00", utcOffsetSeconds: offset) == 1_723_438_800)
        #expect(InstantParser.parse("2024-08-12T14:00", utcOffsetSeconds: offset) == 1_723_438_800)
        #expect(InstantParser.parse("2024-08-12 14:00", utcOffsetSeconds: offset) == 1_723_438_800)
        #expect(InstantParser.parse("2024-08-12T05:00Z", utcOffsetSeconds: offset) == 1_723_438_800)
        #expect(InstantParser.parse("2024-08-11T21:00-08:00", utcOffsetSeconds: offset) == 1_723_438_800)
        #expect(InstantParser.parse("1723438800", utcOffsetSeconds: offset) == 1_723_438_800)
        #expect(InstantParser.parse("2024-08-12", utcOffsetSeconds: offset) == seoul(2024, 8, 12))  // local midnight
        #expect(InstantParser.parse("2024-08", utcOffsetSeconds: offset) == seoul(2024, 8, 1))
        #expect(InstantParser.parse("2024-13-01", utcOffsetSeconds: offset) == nil)
        #expect(InstantParser.parse("yesterday", utcOffsetSeconds: offset) == nil)
        #expect(InstantParser.format(1_723_438_800, utcOffsetSeconds: offset) == "2024-08-12T14:00:00+09:00")
    }

    @Test func decimalsAreExact() {
        #expect(ScaledDecimal.parse("214.6", decimals: 3) == 214_600)
        #expect(ScaledDecimal.parse("0.125", decimals: 3) == 125)
        #expect(ScaledDecimal.parse("-10", decimals: 3) == -10_000)
        #expect(ScaledDecimal.parse("3.7", decimals: 4) == 37_000)
        #expect(ScaledDecimal.parse("1.2345", decimals: 3) == nil)
        #expect(ScaledDecimal.parse("1.2340", decimals: 3) == 1_234)
        #expect(ScaledDecimal.parse("1e3", decimals: 3) == nil)
        #expect(ScaledDecimal.format(214_600, decimals: 3) == "214.6")
    }

    @Test(arguments: [
        (Rounding.Mode.truncate, Int64(1_000_000), Int64(9_588_500_000), Int64(9_588_000_000)),
        (.round, 1_000_000, 9_588_500_000, 9_589_000_000),
        (.round, 1_000_000, 9_588_499_999, 9_588_000_000),
        (.round, 1_000_000, -2_500_000, -3_000_000),
        (.ceil, 1_000_000, 1_000_001, 2_000_000),
        (.truncate, 10_000_000, 1_703_360_000, 1_700_000_000),
        (.round, 10_000, 12_345, 10_000),
    ])
    func roundingModes(mode: Rounding.Mode, unitMicro: Int64, micro: Int64, expected: Int64) {
        #expect(Rounding(mode: mode, unitMicro: unitMicro).apply(micro: micro) == expected)
    }

    @Test func usageCSVNamesTheBadLine() throws {
        let text = "start,import_wh,export_wh\n2024-08-01T00:00,100,0\n2024-08-01T00:15,abc,0\n"
        #expect {
            try UsageCSV.parse(text, file: "usage.csv")
        } throws: { error in
            let error = error as? TariffError
            return error?.file == "usage.csv" && error?.line == 3 && error?.keyPath == "import_wh"
        }
        #expect(
            try UsageCSV.parse("start,import_wh\n2024-08-01T00:00,100\n", file: "u.csv")
                == [UsageInterval(start: seoul(2024, 8, 1), importWh: 100)])
    }
}
