import Foundation
import Testing

@testable import Tariffs

/// URDB records become tariff files that price like the record says.
@Suite struct URDBImportTests {
    let samplePath = shippedTariffsDirectory + "/urdb-samples/sample-residential-tou.json"

    func imported() throws -> Tariff {
        let data = try #require(FileManager.default.contents(atPath: samplePath))
        let yaml = try URDBImporter.convert(json: data, file: "sample-residential-tou.json", utcOffsetHours: -8)
        return try Tariff.parse(
            yaml: yaml, name: "urdb-sample-residential-tou", file: "x.yaml", directory: shippedTariffsDirectory)
    }

    /// UTC Unix seconds of a wall-clock time at UTC−8.
    func pacific(_ year: Int, _ month: Int, _ day: Int, _ hour: Int) -> Int64 {
        LocalDate(year: year, month: month, day: day)!.dayNumber * 86_400 + Int64(hour) * 3600 + 8 * 3600
    }

    @Test func pricesFollowTheScheduleTiersAndAdjustments() throws {
        let tariff = try imported()
        // Wednesday 2024-07-10 17:00: summer peak (period 3), rate 0.452 + adj 0.008 = 0.460 $/kWh.
        #expect(try tariff.price(at: pacific(2024, 7, 10, 17)).energyRateMilliPerKWh == 460)
        #expect(try tariff.price(at: pacific(2024, 7, 10, 17)).period == "p3")
        // Above 500 kWh the second tier: 0.502 + 0.008.
        #expect(
            try tariff.price(at: pacific(2024, 7, 10, 17), monthToDateImportWh: 500_000).energyRateMilliPerKWh == 510)
        // Saturday 2024-07-13 17:00: weekend schedule, summer off-peak (period 2): 0.284 + 0.008.
        #expect(try tariff.price(at: pacific(2024, 7, 13, 17)).energyRateMilliPerKWh == 292)
        // Winter weekday 10:00: period 0, 0.262 + 0.008; the sell rate is the export price.
        let winter = try tariff.price(at: pacific(2024, 1, 10, 10))
        #expect(winter.energyRateMilliPerKWh == 270)
        #expect(winter.exportPriceMilliPerKWh == 61)
    }

    @Test func dailyFixedChargeAndCentRounding() throws {
        let tariff = try imported()
        let month = LocalMonth(year: 2024, month: 1)!
        // 30 kWh at Wednesday 10:00 local (off-peak 0.270): 8.10 $; 31 days × 0.39 = 12.09 $.
        let bill = try tariff.bill(
            month: month, usage: [UsageInterval(start: pacific(2024, 1, 10, 10), importWh: 30_000)])
        #expect(bill.line(.base)?.amountMilli == 12_090)
        #expect(bill.line(.energy)?.amountMilli == 8_100)
        #expect(bill.totalMilli == 20_190)
    }

    @Test func theShippedFileIsTheImportOfTheSample() throws {
        let data = try #require(FileManager.default.contents(atPath: samplePath))
        let yaml = try URDBImporter.convert(json: data, file: "sample-residential-tou.json", utcOffsetHours: -8)
        let shipped = try String(
            contentsOfFile: shippedTariffsDirectory + "/urdb-sample-residential-tou.yaml", encoding: .utf8)
        #expect(yaml == shipped)
    }

    /// Under net metering a record's `sell: 0` means "no separate sell rate": the import must not
    /// turn it into exports worth nothing.
    @Test func netMeteringWithZeroSellRatesStaysNetMetering() throws {
        let original = try #require(FileManager.default.contents(atPath: samplePath))
        var record = try #require(JSONSerialization.jsonObject(with: original) as? [String: Any])
        var item = try #require((record["items"] as? [[String: Any]])?.first)
        var structure = try #require(item["energyratestructure"] as? [[[String: Any]]])
        for period in structure.indices {
            for tier in structure[period].indices { structure[period][tier]["sell"] = 0.0 }
        }
        item["energyratestructure"] = structure
        item["dgrules"] = "Net Metering"
        record["items"] = [item]
        let yaml = try URDBImporter.convert(
            json: try JSONSerialization.data(withJSONObject: record), file: "nm.json", utcOffsetHours: -8)
        #expect(yaml.contains("net_metering: true"))
        #expect(!yaml.contains("export: {rates"))
        // With real sell rates the record's rates are kept.
        let sample = try URDBImporter.convert(json: original, file: "sample-residential-tou.json", utcOffsetHours: -8)
        #expect(!sample.contains("net_metering: true"))
    }

    @Test func inconsistentTierLimitsAreRefused() throws {
        let original = try #require(FileManager.default.contents(atPath: samplePath))
        var record = try #require(JSONSerialization.jsonObject(with: original) as? [String: Any])
        var item = try #require((record["items"] as? [[String: Any]])?.first)
        var structure = try #require(item["energyratestructure"] as? [[[String: Any]]])
        structure[1][0]["max"] = 600
        item["energyratestructure"] = structure
        record["items"] = [item]
        let data = try JSONSerialization.data(withJSONObject: record)
        #expect {
            try URDBImporter.convert(json: data, file: "changed.json")
        } throws: { error in
            let error = error as? TariffError
            return error?.code == .unsupportedURDB && error?.keyPath == "energyratestructure[1]"
                && error?.file == "changed.json"
        }
    }
}
