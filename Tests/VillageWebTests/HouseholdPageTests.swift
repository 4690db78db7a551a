import Foundation
import MarketStore
import SettledVillageKit
import Tariffs
import Testing
import VillageStore

@testable import VillageWeb

/// The household page shows the figures `village balance`, `village trades --household` and
/// `village bill` print for the same database, and nothing of the neighbours.
@Suite struct HouseholdPageTests {
    static func frame(_ language: WebLanguage = .en) -> PageFrame {
        PageFrame(language: language, title: "household", account: "u101", csrf: "token", path: "/household")
    }

    static func source(_ village: SettledVillage) throws -> HouseholdPageSource {
        HouseholdPageSource(
            store: try VillageStore(path: village.path), ledger: try SQLiteLedgerStore(readOnlyPath: village.path),
            tariff: try SettledVillage.tariffs.tariff(named: "kepco-residential-low-voltage"))
    }

    /// `village balance` text: the month's row, cell by column title.
    static func balanceRow(_ output: String, month: String) throws -> [String: String] {
        let lines = output.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("Month") })
        let row = try #require(lines.first { $0.hasPrefix(month) })
        func cells(_ line: String) -> [String] {
            line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let titles = cells(header)
        let values = cells(row)
        try #require(titles.count == values.count, "\(titles) vs \(values)")
        return Dictionary(uniqueKeysWithValues: zip(titles, values))
    }

    @Test(arguments: [("101", "2026-01"), ("102", "2026-01"), ("103", "2025-12")])
    func balanceEqualsWhatTheCommandPrints(household: String, month: String) async throws {
        let village = try await SettledVillage.make()
        defer { village.remove() }
        let page = try await Self.source(village).page(household: household, month: month)
        let html = PageRenderer().household(page, frame: Self.frame())
        let shown = attributeTexts("data-figure", in: html)

        let printed = try runVillage(["balance", "--db", village.path, "--household", household, "--month", month])
        #expect(printed.status == 0)
        let row = try Self.balanceRow(printed.output, month: month)
        let columns = [
            ("produced", "Produced"), ("used", "Used"), ("ownPV", "Own PV"), ("fromNeighbours", "From neighbours"),
            ("fromGrid", "From grid"), ("toNeighbours", "To neighbours"), ("toGrid", "To grid"), ("paid", "Paid"),
            ("received", "Received"), ("balance", "Balance"), ("gridOnlyBill", "Grid-only bill"), ("saved", "Saved"),
        ]
        for (key, title) in columns {
            #expect(shown[key] != nil, "\(key) missing from the page")
            #expect(shown[key] == row[title], "\(key): page \(shown[key] ?? "-") vs command \(row[title] ?? "-")")
        }
        let savedLine = try #require(printed.output.split(separator: "\n").first { $0.hasPrefix("Saved against") })
        #expect(savedLine.hasSuffix(try #require(attributeTexts("id", in: html)["savings"])))
    }

    @Test func tradesAreTheCommandsWithTheOtherSideAnonymised() async throws {
        let village = try await SettledVillage.make()
        defer { village.remove() }
        for household in ["101", "102"] {
            let page = try await Self.source(village).page(household: household, month: nil)
            let printed = try runVillage(["trades", "--db", village.path, "--household", household, "--json"])
            #expect(printed.status == 0)
            let lines = try #require(
                try JSONSerialization.jsonObject(with: Data(printed.output.utf8)) as? [[String: Any]])
            #expect(!lines.isEmpty)
            #expect(page.trades.count == lines.count)
            for (trade, line) in zip(page.trades, lines) {
                let buying = (line["buyer"] as? String) == household
                #expect(trade.direction.key == (buying ? "boughtFrom" : "soldTo"))
                #expect(trade.time == line["localTime"] as? String)
                let energy = try #require((line["energyWh"] as? NSNumber)?.int64Value)
                #expect(trade.kWh == WebFormatting.tradeKWh(energy))
            }
            let html = PageRenderer().household(page, frame: Self.frame())
            let section = try #require(
                html.components(separatedBy: "id=\"trades\"").last?.components(
                    separatedBy: "id=\"bill\""
                ).first)
            for other in ["101", "102", "103"] where other != household {
                #expect(!section.contains(other), "trades name household \(other)")
            }
            #expect(section.contains("a neighbour"))
        }
    }

    @Test func billTotalsAreTheCommands() async throws {
        let village = try await SettledVillage.make()
        defer { village.remove() }
        let page = try await Self.source(village).page(household: "102", month: "2026-01")
        let printed = try runVillage([
            "bill", "--db", village.path, "--household", "102", "--month", "2026-01", "--tariff",
            "kepco-residential-low-voltage", "--tariffs-dir", SettledVillage.tariffs.directory,
        ])
        #expect(printed.status == 0)
        let html = PageRenderer().household(page, frame: Self.frame())
        let bill = attributeTexts("data-bill", in: html)
        let savedLine = try #require(printed.output.split(separator: "\n").first { $0.contains("Saved") })
        #expect(savedLine.hasSuffix(try #require(bill["saved"])))
        let netLine = try #require(printed.output.split(separator: "\n").first { $0.contains("Net market cost") })
        #expect(netLine.hasSuffix(try #require(bill["marketNet"])))
        let tariffTotal = try #require(bill["tariffTotal"])
        #expect(printed.output.contains(tariffTotal))
    }

    @Test func flowsAreTheDaysMeteredSums() async throws {
        let village = try await SettledVillage.make()
        defer { village.remove() }
        let page = try await Self.source(village).page(household: "101", month: nil)
        // The newest metered day is 2026-01-11: 101 exports 40 + Σ(300 + 7·slot) Wh over slots 1…7.
        #expect(page.day == "2026-01-11")
        let exported = 40 + (1...7).reduce(Int64(0)) { $0 + 300 + 7 * Int64($1) }
        let html = PageRenderer().household(page, frame: Self.frame())
        let flows = attributeTexts("data-flow", in: html)
        #expect(flows["exported"] == WebFormatting.kWh(exported) + " kWh")
        #expect(flows["pv"] == WebFormatting.kWh(exported + 8 * 100) + " kWh")
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("data-series=\"exported\""))
    }

    @Test func koreanPageHasKoreanLabelsAndTheSameFigures() async throws {
        let village = try await SettledVillage.make()
        defer { village.remove() }
        let page = try await Self.source(village).page(household: "101", month: "2026-01")
        let english = PageRenderer().household(page, frame: Self.frame(.en))
        let korean = PageRenderer().household(page, frame: Self.frame(.ko))
        #expect(korean.contains("<html lang=\"ko\">"))
        #expect(korean.contains("월 정산"))
        #expect(!korean.contains("Month balance"))
        #expect(attributeTexts("data-figure", in: korean) == attributeTexts("data-figure", in: english))
    }

    @Test func unknownHouseholdAndMalformedMonthAreRefused() async throws {
        let village = try await SettledVillage.make()
        defer { village.remove() }
        await #expect(throws: StoreError.self) { try await Self.source(village).page(household: "999", month: nil) }
        await #expect(throws: StoreError.self) {
            try await Self.source(village).page(household: "101", month: "2026-1")
        }
    }
}
