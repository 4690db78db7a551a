import Foundation
import Site
import Testing

/// Households' trading preferences and the market section: read strictly, checked against the
/// households the file defines, and written back unchanged.
@Suite("Site market and trading preferences")
struct SiteMarketTests {
    static let valid = SiteLoaderErrorTests.valid

    static func site(replacing: String, with: String) throws(SiteError) -> Site {
        #expect(valid.contains(replacing), "the case must change the file")
        return try Site(yaml: valid.replacingOccurrences(of: replacing, with: with), file: "sites/market.yaml")
    }

    static let trading = """
        roofPV: {peakPowerKWp: 4}
            trading: {minSellPriceWonPerKWh: 95.5, maxBuyPriceWonPerKWh: 180, preferredPartners: ["102"]}
        """

    @Test func preferencesAndMarketAreReadAndWrittenBack() throws {
        var text = Self.valid.replacingOccurrences(of: "roofPV: {peakPowerKWp: 4}", with: Self.trading)
        text += "\nmarket: {mechanism: mmr, storageTrades: false, storageMinSellPriceWonPerKWh: 120}\n"
        let site = try Site(yaml: text, file: "sites/market.yaml")
        let trading = site.households[0].trading
        #expect(trading.enabled)
        #expect(trading.minSellPriceWonPerKWh == 95.5)
        #expect(trading.maxBuyPriceWonPerKWh == 180)
        #expect(trading.preferredPartners == ["102"])
        #expect(site.households[1].trading == HouseholdTrading())
        #expect(site.market == SiteMarket(mechanism: "mmr", storageTrades: false, storageMinSellPriceWonPerKWh: 120))
        let reread = try Site(yaml: site.yamlText(), file: "written.yaml")
        #expect(reread == site)
    }

    @Test func defaultsTradeWithTheBatteryInTheUniformPriceMarket() throws {
        let site = try Site(yaml: Self.valid, file: "sites/market.yaml")
        #expect(site.market == SiteMarket())
        #expect(site.market.mechanism == "uniform-price")
        #expect(site.market.storageTrades)
        #expect(site.households.allSatisfy { $0.trading.enabled && $0.trading.preferredPartners.isEmpty })
    }

    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let trading: String
        let code: SiteError.Code
        let field: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown partner", trading: "{preferredPartners: [\"109\"]}",
            code: .undefinedReference, field: "households[0].trading.preferredPartners[0]"),
        Case(
            name: "prefers itself", trading: "{preferredPartners: [\"102\", \"101\"]}",
            code: .invalidValue, field: "households[0].trading.preferredPartners[1]"),
        Case(
            name: "sell above buy", trading: "{minSellPriceWonPerKWh: 200, maxBuyPriceWonPerKWh: 150}",
            code: .invalidValue, field: "households[0].trading.minSellPriceWonPerKWh"),
        Case(
            name: "negative price", trading: "{maxBuyPriceWonPerKWh: -1}",
            code: .invalidValue, field: "households[0].trading.maxBuyPriceWonPerKWh"),
        Case(
            name: "misspelt key", trading: "{enable: false}",
            code: .unknownKey, field: "households[0].trading.enable"),
    ]

    @Test(arguments: cases)
    func badPreferencesAreRefusedNamingTheField(_ badCase: Case) {
        do {
            _ = try Self.site(
                replacing: "roofPV: {peakPowerKWp: 4}",
                with: "roofPV: {peakPowerKWp: 4}\n    trading: \(badCase.trading)")
            Issue.record("\(badCase.name): accepted")
        } catch {
            #expect(error.code == badCase.code, "\(error)")
            #expect(error.field == badCase.field, "\(error)")
            #expect(error.file == "sites/market.yaml")
        }
    }

    @Test func badMarketSectionIsRefused() {
        for (market, field) in [
            ("{storageMaxBuyPriceWonPerKWh: 1e9}", "market.storageMaxBuyPriceWonPerKWh"),
            ("{mechansim: sdr}", "market.mechansim"),
        ] {
            do {
                _ = try Site(yaml: Self.valid + "\nmarket: \(market)\n", file: "sites/market.yaml")
                Issue.record("\(market): accepted")
            } catch {
                #expect((error as? SiteError)?.field == field, "\(error)")
            }
        }
    }
}
