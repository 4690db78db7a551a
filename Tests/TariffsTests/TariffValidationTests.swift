import Foundation
import Testing

@testable import Tariffs

/// Bad tariff files are rejected with the file and the key named, before anything uses them.
@Suite struct TariffValidationTests {
    static let good = """
        title: test
        versions:
          - from: 2024-01-01
            seasons: {summer: [6, 7, 8], other: [1, 2, 3, 4, 5, 9, 10, 11, 12]}
            time_of_use:
              default:
                weekday: {light: 22-8, mid: 8-17, peak: 17-22}
            tiers:
              - {max_kwh: {summer: 300, default: 200}, base_charge: 910}
              - {base_charge: 1600}
            energy_rates:
              default: {light: 100.0, mid: [150.0, 160.0], peak: 200.5}
        """

    func load(_ yaml: String) throws(TariffError) -> Tariff {
        try Tariff.parse(yaml: yaml, name: "bad", file: "bad.yaml", directory: shippedTariffsDirectory)
    }

    func rejection(_ yaml: String) -> TariffError? {
        do {
            _ = try load(yaml)
            return nil
        } catch { return error }
    }

    @Test func theBaselineFileLoads() throws {
        let tariff = try load(Self.good)
        #expect(try tariff.price(at: seoul(2024, 3, 4, 12)).energyRateMilliPerKWh == 150_000)
        #expect(
            try tariff.price(at: seoul(2024, 3, 4, 12), monthToDateImportWh: 200_000).energyRateMilliPerKWh == 160_000)
        #expect(
            try tariff.price(at: seoul(2024, 7, 4, 12), monthToDateImportWh: 200_000).energyRateMilliPerKWh == 150_000)
        #expect(try tariff.price(at: seoul(2024, 3, 4, 18)).energyRateMilliPerKWh == 200_500)
    }

    @Test func overlappingHours() {
        let error = rejection(Self.good.replacingOccurrences(of: "mid: 8-17", with: "mid: 8-18"))
        #expect(error?.code == .overlappingHours)
        #expect(error?.file == "bad.yaml")
        #expect(error?.keyPath == "versions[0].time_of_use.default.weekday.peak")
        #expect(error?.message.contains("17:00") == true)
    }

    @Test func missingHours() {
        let error = rejection(Self.good.replacingOccurrences(of: "mid: 8-17", with: "mid: 9-17"))
        #expect(error?.code == .missingHours)
        #expect(error?.keyPath == "versions[0].time_of_use.default.weekday")
        #expect(error?.message.contains("8:00") == true)
    }

    @Test func monthInNoSeason() {
        let error = rejection(
            Self.good.replacingOccurrences(of: "[1, 2, 3, 4, 5, 9, 10, 11, 12]", with: "[1, 2, 3, 4, 5, 9, 10, 11]"))
        #expect(error?.code == .monthInNoSeason)
        #expect(error?.keyPath == "versions[0].seasons")
        #expect(error?.message.contains("month 12") == true)
    }

    @Test func monthInTwoSeasons() {
        let error = rejection(
            Self.good.replacingOccurrences(
                of: "[1, 2, 3, 4, 5, 9, 10, 11, 12]", with: "[1, 2, 3, 4, 5, 8, 9, 10, 11, 12]"))
        #expect(error?.code == .monthInSeveralSeasons)
        #expect(error?.keyPath == "versions[0].seasons.other[5]")
    }

    @Test func decreasingTierLimit() {
        let yaml = Self.good.replacingOccurrences(
            of: "      - {base_charge: 1600}",
            with: "      - {max_kwh: {summer: 250, default: 400}, base_charge: 1600}\n      - {base_charge: 7300}"
        )
        .replacingOccurrences(of: "mid: [150.0, 160.0]", with: "mid: [150.0, 160.0, 170.0]")
        let error = rejection(yaml)
        #expect(error?.code == .decreasingTierLimit)
        #expect(error?.file == "bad.yaml")
        #expect(error?.keyPath == "versions[0].tiers[1].max_kwh")
        #expect(error?.message.contains("summer") == true)
    }

    @Test(arguments: [
        ("title: test", "titel: test", "titel"),
        ("    tiers:", "    tier_list: []\n    tiers:", "versions[0].tier_list"),
        (
            "{max_kwh: {summer: 300, default: 200}, base_charge: 910}",
            "{max_kwh: {summer: 300, default: 200}, base: 910}", "versions[0].tiers[0].base"
        ),
        ("{summer: 300, default: 200}", "{sumer: 300, default: 200}", "versions[0].tiers[0].max_kwh.sumer"),
    ])
    func unknownKey(original: String, replacement: String, keyPath: String) {
        let error = rejection(Self.good.replacingOccurrences(of: original, with: replacement))
        #expect(error?.code == .unknownKey)
        #expect(error?.file == "bad.yaml")
        #expect(error?.keyPath == keyPath)
    }

    @Test func missingRateForAPeriod() {
        let error = rejection(Self.good.replacingOccurrences(of: ", peak: 200.5", with: ""))
        #expect(error?.code == .missingRate)
        #expect(error?.keyPath == "versions[0].energy_rates.default")
    }

    @Test func wrongNumberOfTierRates() {
        let error = rejection(Self.good.replacingOccurrences(of: "[150.0, 160.0]", with: "[150.0, 160.0, 170.0]"))
        #expect(error?.code == .invalidValue)
        #expect(error?.keyPath == "versions[0].energy_rates.default.mid")
    }

    @Test func unorderedVersions() {
        let yaml =
            Self.good + "\n"
            + Self.good.components(separatedBy: "versions:\n")[1].replacingOccurrences(
                of: "2024-01-01", with: "2023-01-01")
        let error = rejection(yaml)
        #expect(error?.code == .invalidValue)
        #expect(error?.keyPath == "versions[1].from")
    }

    @Test func errorsNameTheLine() {
        let error = rejection(Self.good.replacingOccurrences(of: "title: test", with: "titel: test"))
        #expect(error?.line == 1)
        #expect(error?.description.hasPrefix("bad.yaml:1") == true)
    }
}

/// Negative prices are refused unless the file says the tariff has them.
@Suite struct NegativePriceTests {
    @Test func negativeRateIsRefusedUnlessAllowed() throws {
        let yaml = TariffValidationTests.good.replacingOccurrences(of: "peak: 200.5", with: "peak: -3.0")
        #expect {
            try Tariff.parse(yaml: yaml, name: "bad", file: "bad.yaml", directory: shippedTariffsDirectory)
        } throws: {
            ($0 as? TariffError)?.code == .invalidValue
                && ($0 as? TariffError)?.keyPath == "versions[0].energy_rates.default.peak"
        }
        let allowed = try Tariff.parse(
            yaml: "negative_prices_allowed: true\n" + yaml, name: "ok", file: "ok.yaml",
            directory: shippedTariffsDirectory)
        #expect(try allowed.price(at: seoul(2024, 3, 4, 18)).energyRateMilliPerKWh == -3_000)
    }
}
