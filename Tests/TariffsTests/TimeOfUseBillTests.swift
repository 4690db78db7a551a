import Testing

@testable import Tariffs

/// Industrial time-of-use and late-night storage months, worked by hand.
@Suite struct TimeOfUseBillTests {
    @Test func industrialOptionIJune2024() throws {
        let tariff = try shippedTariff("kepco-industrial-eul-high-voltage-a-option-1")
        let month = LocalMonth(year: 2024, month: 6)!
        // 10 kWh in every quarter hour = 40 kWh per hour.
        let usage = quarterHours(of: month).map { UsageInterval(start: $0, importWh: 10_000) }
        let bill = try tariff.bill(month: month, usage: usage, contractKW: 100)

        // June 2024: Saturdays 1, 8, 15, 22, 29; Sundays 2, 9, 16, 23, 30; holiday Thu 6 June;
        // 30 − 5 − 5 − 1 = 19 weekdays. Weekday: light 10 h, mid 8 h (8-11, 12-13, 18-22),
        // peak 6 h (11-12, 13-18). Saturday: light 10 h, mid 14 h. Sunday/holiday: light 24 h.
        let lightHours: Int64 = 19 * 10 + 5 * 10 + 6 * 24  // 384
        let midHours: Int64 = 19 * 8 + 5 * 14  // 222
        let peakHours: Int64 = 19 * 6  // 114
        #expect(lightHours + midHours + peakHours == 720)
        #expect(bill.line(.energyDetail, "light")?.energyWh == lightHours * 40_000)  // 15,360 kWh
        #expect(bill.line(.energyDetail, "mid")?.energyWh == midHours * 40_000)  // 8,880 kWh
        #expect(bill.line(.energyDetail, "peak")?.energyWh == peakHours * 40_000)  // 4,560 kWh
        #expect(bill.line(.energyDetail, "light")?.exactMilli == won(1_425_408))  // 15,360 × 92.8
        #expect(bill.line(.energyDetail, "mid")?.exactMilli == won(1_293_816))  // 8,880 × 145.7
        #expect(bill.line(.energyDetail, "peak")?.exactMilli == won(1_038_768))  // 4,560 × 227.8
        #expect(bill.line(.energy)?.amountMilli == won(3_757_992))
        #expect(bill.line(.base)?.amountMilli == won(722_000))  // 100 kW × 7,220
        #expect(bill.line(.adder, "climate-environment")?.amountMilli == won(259_200))  // 28,800 × 9
        #expect(bill.line(.adder, "fuel-cost-adjustment")?.amountMilli == won(144_000))  // 28,800 × 5
        #expect(bill.subtotalMilli == won(4_883_192))
        #expect(bill.line(.tax, "vat")?.amountMilli == won(488_319))  // 488,319.2 rounded
        #expect(bill.line(.tax, "power-industry-fund")?.amountMilli == won(180_670))  // 3.7 % = 180,678.104 → 180,670
        #expect(bill.totalMilli == won(5_552_180))  // 5,552,181 → 5,552,180
    }

    @Test func industrialBillNeedsContractDemand() throws {
        let tariff = try shippedTariff("kepco-industrial-eul-high-voltage-a-option-1")
        let month = LocalMonth(year: 2024, month: 6)!
        #expect {
            try tariff.bill(month: month, usage: [UsageInterval(start: seoul(2024, 6, 3, 10), importWh: 1_000)])
        } throws: { ($0 as? TariffError)?.code == .missingContractDemand }
    }

    @Test func lateNightEulIIJanuary2025() throws {
        let tariff = try shippedTariff("kepco-late-night-eul-2")
        let month = LocalMonth(year: 2025, month: 1)!
        var usage: [UsageInterval] = []
        for start in quarterHours(of: month) {
            let hour = Int(((start + 32_400) % 86_400) / 3600)
            if hour >= 23 || hour < 9 {
                usage.append(UsageInterval(start: start, importWh: 2_000))  // charging the storage tank
            } else if (12..<15).contains(hour) {
                usage.append(UsageInterval(start: start, importWh: 1_000))  // some daytime top-up
            }
        }
        let bill = try tariff.bill(month: month, usage: usage, contractKW: 30)

        // Night: 31 days × 10 h × 4 × 2 kWh = 2,480 kWh; day: 31 × 3 h × 4 × 1 kWh = 372 kWh.
        #expect(bill.line(.energyDetail, "night")?.energyWh == 2_480_000)
        #expect(bill.line(.energyDetail, "day")?.energyWh == 372_000)
        #expect(bill.line(.energyDetail, "night")?.exactMilli == won(200_880))  // 2,480 × 81.0
        #expect(bill.line(.energyDetail, "day")?.exactMilli == 39_841_200)  // 372 × 107.1 = 39,841.2
        #expect(bill.line(.energy)?.amountMilli == won(240_721))  // 240,721.2 truncated
        // Base: 7,160 × 30 kW × 372 / 2,852 = 28,017.39 (above the 710 won/kW minimum) → 28,017.
        #expect(bill.line(.base)?.amountMilli == won(28_017))
        #expect(bill.line(.adder, "climate-environment")?.amountMilli == won(25_668))  // 2,852 × 9
        #expect(bill.line(.adder, "fuel-cost-adjustment")?.amountMilli == won(14_260))  // 2,852 × 5
        #expect(bill.subtotalMilli == won(308_666))
        #expect(bill.line(.tax, "vat")?.amountMilli == won(30_867))  // 30,866.6 rounded
        #expect(bill.line(.tax, "power-industry-fund")?.amountMilli == won(9_870))  // 9,877.312 → 9,870
        #expect(bill.totalMilli == won(349_400))  // 349,403 → 349,400
    }

    @Test func lateNightEulIIMinimumBaseCharge() throws {
        let tariff = try shippedTariff("kepco-late-night-eul-2")
        let month = LocalMonth(year: 2025, month: 1)!
        let usage = quarterHours(of: month).filter { (($0 + 32_400) % 86_400) / 3600 < 9 }
            .map { UsageInterval(start: $0, importWh: 500) }
        let bill = try tariff.bill(month: month, usage: usage, contractKW: 30)
        // Night use only: 7,160 × 0 share = 0, so the minimum 710 won/kW × 30 kW applies.
        #expect(bill.line(.base)?.amountMilli == won(21_300))
    }

    @Test func lateNightGapSuppliesNothingByDay() throws {
        let tariff = try shippedTariff("kepco-late-night-gap")
        #expect(try tariff.price(at: seoul(2025, 1, 10, 14)).importPriceMilliPerKWh == nil)
        // Night in January: (95.5 + 14) × 1.132 = 123.954.
        #expect(try tariff.price(at: seoul(2025, 1, 10, 23, 30)).importPriceMilliPerKWh == 123_954)
        let month = LocalMonth(year: 2025, month: 1)!
        #expect {
            try tariff.bill(month: month, usage: [UsageInterval(start: seoul(2025, 1, 10, 14), importWh: 1_000)])
        } throws: { ($0 as? TariffError)?.code == .invalidUsage }
    }
}
