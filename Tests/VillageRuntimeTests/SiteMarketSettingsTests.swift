import Foundation
import Market
import MarketStore
import Site
import Tariffs
import TestKit
import Testing
import VillageRuntime

/// The market a site file describes reaches the settlement: households' preferences in milli-won,
/// the battery with the plant tariff, the mechanism from the file unless a command names one.
@Suite struct SiteMarketSettingsTests {
    static let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)

    static func settings(site: Site, mechanism: String? = nil) throws -> MarketSettings {
        try MarketSettings(
            site: site, siteFile: "sites/village.yaml", mechanism: mechanism,
            importTariff: try tariffs.tariff(named: "kepco-residential-low-voltage"),
            exportTariff: try tariffs.tariff(named: "smp-export"),
            plantTariff: try tariffs.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1"))
    }

    @Test func preferencesBatteryAndMechanismComeFromTheSite() throws {
        var site = Site.default
        site.households[0].trading = HouseholdTrading(
            enabled: true, minSellPriceWonPerKWh: 95.5, maxBuyPriceWonPerKWh: 180,
            preferredPartners: [site.households[1].unit])
        site.households[2].trading = HouseholdTrading(enabled: false)
        site.market = SiteMarket(mechanism: "mmr", storageTrades: true, storageMaxBuyPriceWonPerKWh: 70)
        let settings = try Self.settings(site: site)
        #expect(settings.mechanism == .midMarketRate)
        #expect(settings.preferences.count == 2)
        let first = try #require(settings.preferences[site.households[0].unit])
        #expect(first.minSellPriceMilliWonPerKWh == 95_500)
        #expect(first.maxBuyPriceMilliWonPerKWh == 180_000)
        #expect(first.preferredPartners == [site.households[1].unit])
        #expect(settings.preferences[site.households[2].unit]?.tradingEnabled == false)
        let storage = try #require(settings.storage)
        #expect(storage.device == site.ess.device)
        #expect(storage.importTariff?.name == "kepco-industrial-eul-high-voltage-a-option-1")
        #expect(storage.maxBuyPriceMilliWonPerKWh == 70_000)
        #expect(storage.minSellPriceMilliWonPerKWh == nil)
        // Every shared array's inverter charges the battery behind the plant's meter.
        #expect(storage.sharedPVDevices == site.sharedPV.map(\.inverter))
        #expect(storage.sharedPVDevices.count == 4)
        // A command's --mechanism wins over the file's.
        #expect(try Self.settings(site: site, mechanism: "pay-as-bid").mechanism == .payAsBid)
    }

    @Test func theLongestTradedEstimateComesFromTheSite() throws {
        #expect(try Self.settings(site: Site.default).maxTradedEstimateGapSeconds == 3_600)
        var site = Site.default
        site.market.maxTradedEstimateGapMinutes = 180
        // Through the file as an operator writes it, and back.
        let reloaded = try Site(yaml: site.yamlText(), file: "sites/village.yaml")
        #expect(try Self.settings(site: reloaded).maxTradedEstimateGapSeconds == 10_800)
        // Out of range: refused, naming the key.
        let text = site.yamlText().replacingOccurrences(
            of: "maxTradedEstimateGapMinutes: 180", with: "maxTradedEstimateGapMinutes: 0")
        let error = #expect(throws: SiteError.self) { try Site(yaml: text, file: "sites/village.yaml") }
        #expect(error?.field == "market.maxTradedEstimateGapMinutes", "\(String(describing: error))")
    }

    @Test func withoutStorageTradingTheBatteryStaysOutside() throws {
        var site = Site.default
        site.market.storageTrades = false
        #expect(try Self.settings(site: site).storage == nil)
        #expect(try Self.settings(site: Site.default).storage != nil, "the default site's battery trades")
    }

    @Test func anUnknownMechanismNamesTheFileAndKey() throws {
        var site = Site.default
        site.market.mechanism = "best-price"
        do {
            _ = try Self.settings(site: site)
            Issue.record("accepted an unknown mechanism")
        } catch {
            let siteError = try #require(error as? SiteError, "\(error)")
            #expect(siteError.file == "sites/village.yaml")
            #expect(siteError.field == "market.mechanism")
            #expect(siteError.message.contains("uniform-price"))
        }
        do {
            _ = try Self.settings(site: Site.default, mechanism: "best-price")
            Issue.record("accepted an unknown --mechanism")
        } catch {
            #expect((error as? SiteError)?.file == "--mechanism", "\(error)")
        }
    }
}
