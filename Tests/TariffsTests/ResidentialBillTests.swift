import Testing

@testable import Tariffs

/// KEPCO residential low voltage, worked by hand from the published rates (2023-05-16 version).
@Suite struct ResidentialBillTests {
    /// `totalWh` spread evenly over the first 2,000 quarter hours of the month.
    func evenUsage(_ month: LocalMonth, totalWh: Int64) -> [UsageInterval] {
        quarterHours(of: month).prefix(2_000).map { UsageInterval(start: $0, importWh: totalWh / 2_000) }
    }

    @Test func augustUses_summerLimits_andTier2BaseCharge() throws {
        let tariff = try shippedTariff("kepco-residential-low-voltage")
        let month = LocalMonth(year: 2024, month: 8)!
        let bill = try tariff.bill(month: month, usage: evenUsage(month, totalWh: 350_000))

        // July-August limits 300 / 450 kWh: 300 kWh at tier 1, 50 kWh at tier 2.
        let tier1 = Int64(300) * 120_000  // 300 kWh × 120.0 = 36,000 won
        let tier2 = Int64(50) * 214_600  // 50 kWh × 214.6 = 10,730 won
        #expect(bill.line(.energyDetail, "tier 1")?.energyWh == 300_000)
        #expect(bill.line(.energyDetail, "tier 1")?.exactMilli == tier1)
        #expect(bill.line(.energyDetail, "tier 2")?.energyWh == 50_000)
        #expect(bill.line(.energyDetail, "tier 2")?.exactMilli == tier2)
        #expect(bill.line(.energy)?.amountMilli == won(46_730))  // 36,000 + 10,730
        #expect(bill.highestTier == "tier 2")
        #expect(bill.line(.base)?.amountMilli == won(1_600))  // tier 2 reached
        #expect(bill.line(.adder, "climate-environment")?.amountMilli == won(3_150))  // 350 × 9.0
        #expect(bill.line(.adder, "fuel-cost-adjustment")?.amountMilli == won(1_750))  // 350 × 5.0
        #expect(bill.subtotalMilli == won(53_230))  // 1,600 + 46,730 + 3,150 + 1,750
        #expect(bill.line(.tax, "vat")?.amountMilli == won(5_323))  // 53,230 × 10 %
        #expect(bill.line(.tax, "power-industry-fund")?.exactMilli == 1_703_360)  // 53,230 × 3.2 % = 1,703.36
        #expect(bill.line(.tax, "power-industry-fund")?.amountMilli == won(1_700))  // truncated to 10 won
        #expect(bill.line(.total)?.exactMilli == won(60_253))  // 53,230 + 5,323 + 1,700
        #expect(bill.totalMilli == won(60_250))  // truncated to 10 won
    }

    @Test func januaryUses_winterLimits_andTier3BaseCharge() throws {
        let tariff = try shippedTariff("kepco-residential-low-voltage")
        let month = LocalMonth(year: 2025, month: 1)!
        let bill = try tariff.bill(month: month, usage: evenUsage(month, totalWh: 450_000))

        // Outside July-August the limits are 200 / 400 kWh: 200 + 200 + 50 kWh.
        #expect(bill.line(.energyDetail, "tier 1")?.exactMilli == won(24_000))  // 200 × 120.0
        #expect(bill.line(.energyDetail, "tier 2")?.exactMilli == won(42_920))  // 200 × 214.6
        #expect(bill.line(.energyDetail, "tier 3")?.exactMilli == won(15_365))  // 50 × 307.3
        #expect(bill.line(.energy)?.amountMilli == won(82_285))
        #expect(bill.line(.base)?.amountMilli == won(7_300))  // the whole base jumps to tier 3
        #expect(bill.line(.adder, "climate-environment")?.amountMilli == won(4_050))  // 450 × 9.0
        #expect(bill.line(.adder, "fuel-cost-adjustment")?.amountMilli == won(2_250))  // 450 × 5.0
        #expect(bill.subtotalMilli == won(95_885))  // 7,300 + 82,285 + 4,050 + 2,250
        #expect(bill.line(.tax, "vat")?.exactMilli == 9_588_500)  // 9,588.5
        #expect(bill.line(.tax, "vat")?.amountMilli == won(9_589))  // rounded half up
        #expect(bill.line(.tax, "power-industry-fund")?.amountMilli == won(3_060))  // 3,068.32 truncated to 10
        #expect(bill.totalMilli == won(108_530))  // 108,534 truncated to 10
    }

    @Test func fundRateFollowsItsOwnEffectiveDates() throws {
        let tariff = try shippedTariff("kepco-residential-low-voltage")
        // 200 kWh in each month: 910 + 24,000 + 1,800 + 1,000 = 27,710 won.
        for (year, month, fund) in [(2024, 6, Int64(1_020)), (2024, 7, 880), (2025, 7, 740)] {
            let local = LocalMonth(year: year, month: month)!
            let bill = try tariff.bill(month: local, usage: evenUsage(local, totalWh: 200_000))
            #expect(bill.subtotalMilli == won(27_710))
            // 3.7 % = 1,025.27 → 1,020; 3.2 % = 886.72 → 880; 2.7 % = 748.17 → 740.
            #expect(bill.line(.tax, "power-industry-fund")?.amountMilli == won(fund))
        }
    }

    @Test func earlierVersionsApplyBeforeTheirSuccessor() throws {
        let tariff = try shippedTariff("kepco-residential-low-voltage")
        #expect(try tariff.price(at: seoul(2022, 5, 1, 12)).energyRateMilliPerKWh == 93_200)
        #expect(try tariff.price(at: seoul(2023, 5, 15, 23, 45)).energyRateMilliPerKWh == 112_000)
        #expect(try tariff.price(at: seoul(2023, 5, 16, 0)).energyRateMilliPerKWh == 120_000)
        #expect(throws: TariffError.self) { try tariff.price(at: seoul(2020, 12, 31, 12)) }
    }

    @Test func marginalPriceIncludesAddersAndTaxes() throws {
        let tariff = try shippedTariff("kepco-residential-low-voltage")
        // August 2024, 350 kWh used: the next kWh is tier 2. (214.6 + 9 + 5) × 1.132 = 258.7752.
        let point = try tariff.price(at: seoul(2024, 8, 20, 14), monthToDateImportWh: 350_000)
        #expect(point.tier == "tier 2")
        #expect(point.importPriceMilliPerKWh == 258_775)
        // Net metering: an exported kWh saves the same marginal price.
        #expect(point.exportPriceMilliPerKWh == 258_775)
        // 1,000 kWh used in August: super-user rate. (736.2 + 14) × 1.132 = 849.2264.
        #expect(
            try tariff.price(at: seoul(2024, 8, 20, 14), monthToDateImportWh: 1_000_000).importPriceMilliPerKWh
                == 849_226)
        // 1,000 kWh used in October: no super-user tier, still tier 3. (307.3 + 14) × 1.132 = 363.7116.
        #expect(
            try tariff.price(at: seoul(2024, 10, 20, 14), monthToDateImportWh: 1_000_000).importPriceMilliPerKWh
                == 363_712)
    }

    @Test func netMeteringOffsetsImportsWithinTheMonth() throws {
        let tariff = try shippedTariff("kepco-residential-low-voltage")
        let month = LocalMonth(year: 2024, month: 8)!
        let usage = quarterHours(of: month).prefix(2_000).map { UsageInterval(start: $0, importWh: 200, exportWh: 50) }
        let bill = try tariff.bill(month: month, usage: usage)
        // 400 kWh imported, 100 kWh exported: 300 kWh billed, all tier 1 in August.
        #expect(bill.importWh == 400_000)
        #expect(bill.billedWh == 300_000)
        #expect(bill.line(.energy)?.amountMilli == won(36_000))
        #expect(bill.line(.base)?.amountMilli == won(910))
    }

    @Test func rateChangeMidMonthSplitsTheEnergyLines() throws {
        let tariff = try shippedTariff("kepco-residential-low-voltage")
        let month = LocalMonth(year: 2023, month: 5)!
        let bill = try tariff.bill(
            month: month,
            usage: [
                UsageInterval(start: seoul(2023, 5, 10, 12), importWh: 100_000),
                UsageInterval(start: seoul(2023, 5, 20, 12), importWh: 100_000),
            ])
        // Both 100 kWh in tier 1, one at the 2023-01-01 rate and one at the 2023-05-16 rate.
        let details = bill.lines.filter { $0.kind == .energyDetail }
        #expect(details.map(\.rateMilliPerKWh) == [112_000, 120_000])
        #expect(details.map(\.exactMilli) == [won(11_200), won(12_000)])  // 100 × 112.0, 100 × 120.0
        #expect(bill.line(.energy)?.amountMilli == won(23_200))
        #expect(bill.line(.base)?.amountMilli == won(910))
        // Subtotal 910 + 23,200 + 200 × 9 + 200 × 5 = 26,910; VAT 2,691; fund 3.7 % = 995.67 → 990.
        #expect(bill.subtotalMilli == won(26_910))
        #expect(bill.line(.tax, "power-industry-fund")?.amountMilli == won(990))
        #expect(bill.totalMilli == won(30_590))  // 30,591 → 30,590
    }
}
