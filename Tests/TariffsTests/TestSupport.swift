import Foundation

@testable import Tariffs

/// The repository's `Tariffs/` directory, found from this file so tests run from any directory.
let shippedTariffsDirectory: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tariffs").path

func shippedTariff(_ name: String) throws -> Tariff {
    try TariffLibrary(directory: shippedTariffsDirectory).tariff(named: name)
}

/// UTC Unix seconds of a local (UTC+9) wall-clock time.
func seoul(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int64 {
    let date = LocalDate(year: year, month: month, day: day)!
    return date.dayNumber * 86_400 + Int64(hour * 3600 + minute * 60) - 32_400
}

/// Every 15-minute interval start of a local month (Asia/Seoul unless another offset is given).
func quarterHours(of month: LocalMonth, utcOffsetSeconds: Int64 = 32_400) -> [Int64] {
    let start = month.firstDay.dayNumber * 86_400 - utcOffsetSeconds
    return (0..<(month.dayCount * 96)).map { start + Int64($0) * 900 }
}

/// Milli-units from whole won, for expectations written in won.
func won(_ value: Int64) -> Int64 { value * 1000 }
