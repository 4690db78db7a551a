import Testing

@testable import Tariffs

/// KEPCO's 2026 time-of-use reform for industrial (을), in force from 2026-04-16: the plant
/// tariff's period and rate at chosen instants on both sides of the effective date.
@Suite struct TimeOfUseReformTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var tariff: String
        /// Local time (Asia/Seoul).
        var at: (Int, Int, Int, Int, Int)
        var version: String
        var period: String
        /// Energy rate in won/kWh × 1000 (milli-won), before adders and taxes.
        var rate: Int64?
        var testDescription: String {
            "\(tariff) \(at.0)-\(at.1)-\(at.2) \(at.3):\(at.4) \(period)"
        }
    }

    static let option1 = "kepco-industrial-eul-high-voltage-a-option-1"
    static let option2 = "kepco-industrial-eul-high-voltage-a-option-2"
    static let before = "2023-05-16"
    static let reform = "2026-04-16 time-of-use reform"

    static let cases: [Case] = [
        // Wednesday before / Thursday on the effective date, spring: 11-12 was peak, now mid load.
        Case(tariff: option1, at: (2026, 4, 15, 11, 30), version: before, period: "peak", rate: 146_000),
        Case(tariff: option1, at: (2026, 4, 16, 11, 30), version: reform, period: "mid", rate: 115_300),
        // 13-15 peak → mid load; 15-18 stays peak at the lowered rate (146.0 − 13.2).
        Case(tariff: option1, at: (2026, 4, 15, 14, 0), version: before, period: "peak", rate: 146_000),
        Case(tariff: option1, at: (2026, 4, 16, 14, 0), version: reform, period: "mid", rate: 115_300),
        Case(tariff: option1, at: (2026, 4, 16, 16, 45), version: reform, period: "peak", rate: 132_800),
        // 18-21 mid → peak; 21-22 stays mid load.
        Case(tariff: option1, at: (2026, 4, 15, 19, 0), version: before, period: "mid", rate: 115_300),
        Case(tariff: option1, at: (2026, 4, 16, 19, 0), version: reform, period: "peak", rate: 132_800),
        Case(tariff: option1, at: (2026, 4, 16, 21, 30), version: reform, period: "mid", rate: 115_300),
        // Light load +5.1 from local midnight of the effective date.
        Case(tariff: option1, at: (2026, 4, 15, 23, 45), version: before, period: "light", rate: 92_800),
        Case(tariff: option1, at: (2026, 4, 16, 0, 0), version: reform, period: "light", rate: 97_900),
        Case(tariff: option1, at: (2026, 4, 15, 3, 0), version: before, period: "light", rate: 92_800),
        Case(tariff: option1, at: (2026, 4, 16, 3, 0), version: reform, period: "light", rate: 97_900),
        // Summer peak −16.9 (227.8 → 210.9), a weekday afternoon a year apart.
        Case(tariff: option1, at: (2025, 7, 16, 16, 0), version: before, period: "peak", rate: 227_800),
        Case(tariff: option1, at: (2026, 7, 15, 16, 0), version: reform, period: "peak", rate: 210_900),
        // Winter keeps its hours (09-12 peak); peak −16.9, light +5.1.
        Case(tariff: option1, at: (2026, 11, 4, 10, 0), version: reform, period: "peak", rate: 186_500),
        Case(tariff: option1, at: (2026, 11, 4, 23, 0), version: reform, period: "light", rate: 104_900),
        // Spring/autumn weekends and holidays 11-14 at half price: Saturday's mid load, Sunday's light.
        Case(tariff: option1, at: (2026, 4, 11, 12, 0), version: before, period: "mid", rate: 115_300),
        Case(tariff: option1, at: (2026, 4, 18, 12, 0), version: reform, period: "mid_half_price", rate: 57_650),
        Case(tariff: option1, at: (2026, 4, 18, 14, 0), version: reform, period: "mid", rate: 115_300),
        Case(tariff: option1, at: (2026, 4, 12, 13, 45), version: before, period: "light", rate: 92_800),
        Case(tariff: option1, at: (2026, 4, 19, 13, 45), version: reform, period: "light_half_price", rate: 48_950),
        Case(tariff: option1, at: (2026, 4, 19, 10, 45), version: reform, period: "light", rate: 97_900),
        // Children's Day, a Tuesday holiday in May.
        Case(tariff: option1, at: (2026, 5, 5, 11, 0), version: reform, period: "light_half_price", rate: 48_950),
        // No discount on a summer Sunday.
        Case(tariff: option1, at: (2026, 7, 19, 12, 0), version: reform, period: "light", rate: 97_900),
        // Option II moves the same way from its own rates.
        Case(tariff: option2, at: (2026, 4, 15, 11, 30), version: before, period: "peak", rate: 140_500),
        Case(tariff: option2, at: (2026, 4, 16, 11, 30), version: reform, period: "mid", rate: 109_800),
        Case(tariff: option2, at: (2026, 4, 16, 19, 0), version: reform, period: "peak", rate: 127_300),
        Case(tariff: option2, at: (2026, 4, 19, 12, 0), version: reform, period: "light_half_price", rate: 46_200),
        Case(tariff: option2, at: (2026, 8, 3, 4, 0), version: reform, period: "light", rate: 92_400),
    ]

    @Test(arguments: cases)
    func periodAndRateOnEitherSideOfTheEffectiveDate(_ example: Case) throws {
        let tariff = try shippedTariff(example.tariff)
        let (year, month, day, hour, minute) = example.at
        let point = try tariff.price(at: seoul(year, month, day, hour, minute))
        #expect(point.version == example.version)
        #expect(point.period == example.period)
        #expect(point.energyRateMilliPerKWh == example.rate)
    }
}
